# Warning and sanitizer flags travel on one INTERFACE target, so every target of the
# project gets the same ones and no source file has to know about them.
add_library(gatecheck_options INTERFACE)
target_compile_options(gatecheck_options INTERFACE -Wall -Wextra -Wpedantic)
if(GATECHECK_DEV)
  target_compile_options(gatecheck_options INTERFACE -Werror)
endif()
if(GATECHECK_SANITIZE)
  target_compile_options(gatecheck_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(gatecheck_options INTERFACE -fsanitize=address,undefined)
endif()
