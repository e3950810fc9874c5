# Debian's ANTLR 4.7.2 runtime headers, as clang sees them.
#
# antlr4-runtime.h includes misc/InterpreterDataReader.h, whose struct
# default-constructs a dfa::Vocabulary, a class with const std::vector
# members and no initializers: GCC accepts that, clang rejects it
# ("call to implicitly-deleted default constructor"), so no file that
# includes antlr4-runtime.h compiles with clang. Nothing in WebX uses
# InterpreterDataReader, so clang builds get a copy of antlr4-runtime.h
# without that one include, in an include folder searched before Debian's
# (the copy's own includes still find Debian's headers).
set(WEBX_ANTLR4_HEADER /usr/include/antlr4-runtime/antlr4-runtime.h)
set(WEBX_ANTLR4_OVERLAY ${CMAKE_BINARY_DIR}/antlr4-clang)
file(READ ${WEBX_ANTLR4_HEADER} text)
string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "// (misc/InterpreterDataReader.h left out: see fuzz/antlr4_clang.cmake)" text "${text}")
# Its Vocabulary.h then warns that the deleted constructor is deleted; that
# is Debian's header, not ours.
set(text "#pragma clang diagnostic push\n#pragma clang diagnostic ignored \"-Wdefaulted-function-deleted\"\n${text}\n#pragma clang diagnostic pop\n")
set(existing "")
if(EXISTS ${WEBX_ANTLR4_OVERLAY}/antlr4-runtime.h)
  file(READ ${WEBX_ANTLR4_OVERLAY}/antlr4-runtime.h existing)
endif()
if(NOT existing STREQUAL text)
  file(WRITE ${WEBX_ANTLR4_OVERLAY}/antlr4-runtime.h "${text}")
endif()
include_directories(BEFORE ${WEBX_ANTLR4_OVERLAY})
