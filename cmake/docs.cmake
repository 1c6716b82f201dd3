# Manual pages and shell completion, both built from the program itself.
# doc/man.sh turns the --help texts into vendorscope(1) and one
# vendorscope-CMD(1) per command in the table (src/cli/main.c); the pages
# land in share/man/man1 of the build tree, the layout an install has.
set(VS_MAN_DIR ${PROJECT_BINARY_DIR}/share/man/man1)
add_custom_command(OUTPUT ${VS_MAN_DIR}/vendorscope.1
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${VS_MAN_DIR}
  COMMAND bash ${PROJECT_SOURCE_DIR}/doc/man.sh $<TARGET_FILE:vendorscope> ${VS_MAN_DIR}
  DEPENDS vendorscope ${PROJECT_SOURCE_DIR}/doc/man.sh
  COMMENT "Manual pages from the --help texts"
  VERBATIM)
add_custom_target(vs_man ALL DEPENDS ${VS_MAN_DIR}/vendorscope.1)
install(DIRECTORY ${VS_MAN_DIR}/ DESTINATION share/man/man1 FILES_MATCHING PATTERN "*.1")

# Bash completion: commands and options are read from `vendorscope --help`
# when completing, so the script never lists them itself.
install(FILES ${PROJECT_SOURCE_DIR}/completion/vendorscope.bash
  DESTINATION share/bash-completion/completions RENAME vendorscope)
