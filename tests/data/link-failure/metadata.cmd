cargo metadata --format-version 1
