# The knowledge base and catalogues ship as text under data/; the build copies
# them to share/vendorscope beside bin/ so the uninstalled binary and the tests
# read exactly what an install would.
set(VS_DATA_BUILD_DIR ${PROJECT_BINARY_DIR}/share/vendorscope)
file(GLOB_RECURSE VS_DATA_FILES CONFIGURE_DEPENDS
  RELATIVE ${PROJECT_SOURCE_DIR}/data ${PROJECT_SOURCE_DIR}/data/*)
set(VS_DATA_OUTPUTS)
foreach(f ${VS_DATA_FILES})
  add_custom_command(OUTPUT ${VS_DATA_BUILD_DIR}/${f}
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/data/${f} ${VS_DATA_BUILD_DIR}/${f}
    DEPENDS ${PROJECT_SOURCE_DIR}/data/${f})
  list(APPEND VS_DATA_OUTPUTS ${VS_DATA_BUILD_DIR}/${f})
endforeach()
add_custom_target(vs_data ALL DEPENDS ${VS_DATA_OUTPUTS})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION share/vendorscope)
