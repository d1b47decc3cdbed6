# cmake -DINPUT=file -DOUTPUT=file.cpp -DNAMESPACE=ns -DSYMBOL=name -P EmbedFile.cmake
# Turns a binary file into a C++ source with two accessors: <SYMBOL>_data() and <SYMBOL>_size().
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){32})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/EmbedFile.cmake; do not edit.\n"
"#include <cstddef>\n"
"namespace ${NAMESPACE} {\n"
"namespace { const unsigned char kBytes[] = {\n${bytes}\n}; }\n"
"const unsigned char* ${SYMBOL}_data() { return kBytes; }\n"
"size_t ${SYMBOL}_size() { return ${byte_count}; }\n"
"}  // namespace ${NAMESPACE}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
