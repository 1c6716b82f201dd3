# The knowledge base and catalogues ship as text under data/; the build copies
# them to share/vendorscope beside bin/ so the uninstalled binary and the tests
# read exactly what an install would.
set(VS_DATA_BUILD_DIR ${PROJECT_BINARY_DIR}/share/vendorscope)
file(GLOB_RECURSE VS_DATA_FILES CONFIGURE_DEPENDS
  RELATIVE ${PROJECT_SOURCE_DIR}/data ${PROJECT_SOURCE_DIR}/data/*)
# The registry is generated below; a stray one in the source tree (someone
# ran `kb update --data data`) must not become a second rule for its output.
list(FILTER VS_DATA_FILES EXCLUDE REGEX "^oui/")
set(VS_DATA_OUTPUTS)
foreach(f ${VS_DATA_FILES})
  add_custom_command(OUTPUT ${VS_DATA_BUILD_DIR}/${f}
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/data/${f} ${VS_DATA_BUILD_DIR}/${f}
    DEPENDS ${PROJECT_SOURCE_DIR}/data/${f})
  list(APPEND VS_DATA_OUTPUTS ${VS_DATA_BUILD_DIR}/${f})
endforeach()
add_custom_target(vs_data ALL DEPENDS ${VS_DATA_OUTPUTS})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION share/vendorscope
  PATTERN oui EXCLUDE)

# The IEEE MAC registry is generated, never committed: the built vendorscope
# converts Debian's ieee-data CSVs into share/vendorscope/oui/registry.tsv
# (`kb update`), so the uninstalled build and the tests see what an install
# would after `vendorscope kb update`.
set(VS_IEEE_DATA_DIR /usr/share/ieee-data CACHE PATH "Where ieee-data's CSV exports are")
set(VS_IEEE_CSVS)
set(VS_IEEE_ARGS)
foreach(f oui.csv mam.csv oui36.csv iab.csv)
  if(EXISTS ${VS_IEEE_DATA_DIR}/${f})
    list(APPEND VS_IEEE_CSVS ${VS_IEEE_DATA_DIR}/${f})
    list(APPEND VS_IEEE_ARGS --oui ${VS_IEEE_DATA_DIR}/${f})
  endif()
endforeach()
if(VS_IEEE_CSVS)
  add_custom_command(OUTPUT ${VS_DATA_BUILD_DIR}/oui/registry.tsv
    COMMAND $<TARGET_FILE:vendorscope> kb update ${VS_IEEE_ARGS} --data ${VS_DATA_BUILD_DIR}
    DEPENDS vendorscope ${VS_IEEE_CSVS}
    COMMENT "Building the IEEE MAC registry from ${VS_IEEE_DATA_DIR}"
    VERBATIM)
  add_custom_target(vs_oui_registry ALL DEPENDS ${VS_DATA_BUILD_DIR}/oui/registry.tsv)
  add_dependencies(vs_oui_registry vs_data)
  install(FILES ${VS_DATA_BUILD_DIR}/oui/registry.tsv DESTINATION share/vendorscope/oui)
else()
  message(WARNING "ieee-data not found in ${VS_IEEE_DATA_DIR} (scripts/setup installs it): "
                  "the build has no IEEE MAC registry and MAC lookups answer 'unknown'")
endif()
