/usr/lib/llvm-19/bin/llvm-cov report -instr-profile m.profdata --ignore-filename-regex /rustc/|^/usr/share/cargo/|/\.cargo/(registry|git)/ -object TARGET/debug/deps/gcfx_cov_one_file-HASH
