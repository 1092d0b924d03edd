RUSTC_BOOTSTRAP=1 rustc -Zsanitizer=address -Cforce-frame-pointers=yes -Cdebuginfo=line-tables-only --print host-tuple --print cfg
