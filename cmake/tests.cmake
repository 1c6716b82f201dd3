# Unit tests: tests/unit/<module>/test_<name>.c, one cmocka executable each.
file(GLOB VS_UNIT_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/*/test_*.c)
foreach(src ${VS_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  get_filename_component(dir ${src} DIRECTORY)
  get_filename_component(module ${dir} NAME)
  set(target unit_${module}_${name})
  add_executable(${target} ${src})
  target_link_libraries(${target} PRIVATE vscore PkgConfig::CMOCKA)
  target_compile_definitions(${target} PRIVATE
    VS_TEST_SRCDIR="${PROJECT_SOURCE_DIR}"
    VS_TEST_DATADIR="${VS_DATA_BUILD_DIR}")
  add_test(NAME ${module}/${name} COMMAND ${target})
  if(module STREQUAL "serve")
    set(labels "unit;serve")
  else()
    set(labels unit)
  endif()
  set_tests_properties(${module}/${name} PROPERTIES LABELS "${labels}"
    ENVIRONMENT "VENDORSCOPE_DATA=${VS_DATA_BUILD_DIR}")
  # test_*_installed.c check something scripts/setup installs outside the
  # tree (the GeoIP database); absent, they exit 77 and say why: a skip.
  if(name MATCHES "_installed$")
    set_tests_properties(${module}/${name} PROPERTIES SKIP_RETURN_CODE 77)
  endif()
endforeach()

# Fuzz targets: tests/fuzz/fuzz_<parser>.c defining LLVMFuzzerTestOneInput.
# Every build replays the seed corpus through a plain driver (regressions stay
# fixed, as SQLite's fuzzcheck does); a VS_FUZZ build also fuzzes briefly.
file(GLOB VS_FUZZ_TARGETS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${VS_FUZZ_TARGETS})
  get_filename_component(name ${src} NAME_WE)
  set(corpus ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${name})
  add_executable(replay_${name} ${src} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.c)
  target_link_libraries(replay_${name} PRIVATE vscore)
  add_test(NAME replay/${name} COMMAND replay_${name} ${corpus})
  set_tests_properties(replay/${name} PROPERTIES LABELS fuzz-replay
    ENVIRONMENT "VENDORSCOPE_DATA=${VS_DATA_BUILD_DIR}")
  if(VS_FUZZ)
    add_executable(${name} ${src})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE vscore)
    add_test(NAME fuzz/${name}
      COMMAND ${name} -max_total_time=${VS_FUZZ_SECONDS} -rss_limit_mb=2048
              -timeout=10 -artifact_prefix=${PROJECT_BINARY_DIR}/fuzz-${name}-
              ${PROJECT_BINARY_DIR}/fuzz-work-${name} ${corpus})
    set_tests_properties(fuzz/${name} PROPERTIES LABELS fuzz
      ENVIRONMENT "VENDORSCOPE_DATA=${VS_DATA_BUILD_DIR}")
    file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz-work-${name})
  endif()
endforeach()

# End-to-end tests: tests/e2e/<name>.sh, run against the built CLI.
file(GLOB VS_E2E_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/e2e/*.sh)
foreach(script ${VS_E2E_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME e2e/${name} COMMAND bash ${script})
  # Exit 77 marks a test that could not run here (it says why), never a pass.
  # serve_*: the web server's tests, also run under ThreadSanitizer (-L serve).
  if(name MATCHES "^serve_")
    set(labels "e2e;serve")
  else()
    set(labels e2e)
  endif()
  set_tests_properties(e2e/${name} PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77
    ENVIRONMENT "VS=$<TARGET_FILE:vendorscope>;VS_SRC=${PROJECT_SOURCE_DIR};VS_BUILD=${PROJECT_BINARY_DIR};VENDORSCOPE_DATA=${VS_DATA_BUILD_DIR}")
endforeach()
