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
  # threads: what runs threads (the server's pool; capture's reader,
  # loader and identification; an import's hash of its file), run once
  # more under ThreadSanitizer.
  if(module STREQUAL "serve")
    set(labels "unit;serve;threads")
  elseif(module STREQUAL "capture" OR "${module}/${name}" STREQUAL "ingest/test_sources")
    set(labels "unit;threads")
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
  # serve_*: the web server's tests; they and capture's run again under
  # ThreadSanitizer (-L threads).
  if(name MATCHES "^serve_")
    set(labels "e2e;serve;threads")
  elseif(name MATCHES "^(capture|caps|fusion|nothing_lost|sensors)$")
    set(labels "e2e;threads")
  else()
    set(labels e2e)
  endif()
  set_tests_properties(e2e/${name} PROPERTIES LABELS "${labels}" SKIP_RETURN_CODE 77
    ENVIRONMENT "VS=$<TARGET_FILE:vendorscope>;VS_SRC=${PROJECT_SOURCE_DIR};VS_BUILD=${PROJECT_BINARY_DIR};VENDORSCOPE_DATA=${VS_DATA_BUILD_DIR}")
endforeach()

# The same tests on PostgreSQL: a throwaway cluster (scripts/pg-cluster:
# initdb in a temporary directory, Unix socket only, stopped and deleted at
# the end) started by the fixture test pg/start. Each e2e script listed
# here runs a second time with VS_TEST_DB naming that server; its stores
# are then new databases on it (tests/e2e/lib.sh, vs_db). Without
# PostgreSQL installed pg/start fails, and so does every test needing it:
# never a skip.
string(MD5 VS_PG_HASH "${PROJECT_BINARY_DIR}")
string(SUBSTRING "${VS_PG_HASH}" 0 10 VS_PG_HASH)
set(VS_PG_DIR /tmp/vs-pg-${VS_PG_HASH})
set(VS_PG_URL "postgresql://postgres@/vendorscope?host=${VS_PG_DIR}/socket&port=5432")
add_test(NAME pg/start COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-cluster start ${VS_PG_DIR})
add_test(NAME pg/stop COMMAND ${PROJECT_SOURCE_DIR}/scripts/pg-cluster stop ${VS_PG_DIR})
set_tests_properties(pg/start PROPERTIES FIXTURES_SETUP pg LABELS pg)
set_tests_properties(pg/stop PROPERTIES FIXTURES_CLEANUP pg LABELS pg)
# Scripts that test a SQLite file as such (foreign files, permissions,
# the sqlite3 shell) or need no store stay single.
set(VS_E2E_PG caps capture device_files fusion import_errors oracle1 outputs
  plan_oracles presets reports software surveys zeek concurrent status serve_api
  serve_security serve_status pages_browser carry scan_lab sensors)
foreach(name ${VS_E2E_PG})
  set(script ${PROJECT_SOURCE_DIR}/tests/e2e/${name}.sh)
  if(NOT EXISTS ${script})
    continue()
  endif()
  add_test(NAME e2e-pg/${name} COMMAND bash ${script})
  set_tests_properties(e2e-pg/${name} PROPERTIES LABELS "e2e;pg" FIXTURES_REQUIRED pg
    SKIP_RETURN_CODE 77
    ENVIRONMENT "VS=$<TARGET_FILE:vendorscope>;VS_SRC=${PROJECT_SOURCE_DIR};VS_BUILD=${PROJECT_BINARY_DIR};VENDORSCOPE_DATA=${VS_DATA_BUILD_DIR};VS_TEST_DB=${VS_PG_URL}")
endforeach()
# The store's unit tests again on the server (tests/unit/store/store_fixture.h
# makes each test's store a new database there; the tests of a SQLite file as
# such skip themselves on PostgreSQL, and say so).
foreach(src ${VS_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  get_filename_component(dir ${src} DIRECTORY)
  get_filename_component(module ${dir} NAME)
  if(NOT module STREQUAL "store")
    continue()
  endif()
  add_test(NAME store-pg/${name} COMMAND unit_${module}_${name})
  set_tests_properties(store-pg/${name} PROPERTIES LABELS "unit;pg" FIXTURES_REQUIRED pg
    ENVIRONMENT "VENDORSCOPE_DATA=${VS_DATA_BUILD_DIR};VS_TEST_DB=${VS_PG_URL}")
endforeach()
