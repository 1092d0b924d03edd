/usr/lib/llvm-14/bin/llvm-profdata merge -sparse prof -o m14.profdata
