RUSTC_BOOTSTRAP=1 rustc -Zsanitizer=address -Cforce-frame-pointers=yes -Cdebuginfo=line-tables-only --target wasm32-unknown-unknown --print host-tuple --print cfg
