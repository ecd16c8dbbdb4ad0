#!/bin/sh
# embed.sh SYMBOL FILE > out.c
# Writes a C file defining `const char SYMBOL[]` with FILE's bytes and a NUL,
# so data files (the chip catalog) ship inside the binary and a fleetsim
# installed anywhere finds them. Uses only POSIX od and awk.
set -eu
sym=$1
file=$2
printf '/* Generated from %s by scripts/embed.sh; do not edit. */\n' "$file"
printf 'const char %s[] = {\n' "$sym"
od -An -v -tx1 "$file" | awk '{ line = ""; for (i = 1; i <= NF; i++) line = line "0x" $i ","; print "    " line }'
printf '    0x00\n};\n'
