#!/bin/sh
# autogen.sh: regenerate the build system (configure, Makefile.in, auxiliary files)
set -e
cd "$(dirname "$0")"
autoreconf -fi
