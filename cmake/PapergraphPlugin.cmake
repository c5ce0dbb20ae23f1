# papergraph_add_plugin(NAME <name> IDENT <c_ident> SOURCES ... [LIBS ...]
#                       [OUTPUT_DIR dir] [NO_INSTALL])
#
# Builds an extractor plugin twice from one set of objects:
#   <name>_static  a STATIC library, for unit tests that call the plugin's
#                  papergraph_plugin_<ident>() directly;
#   <name>         a MODULE (pg_<name>.so) exporting only papergraph_plugin(),
#                  loaded by the host at run time.
# Sources use PAPERGRAPH_PLUGIN(Class, <ident>, ...) from papergraph/plugin.hpp.
# Symbols are hidden by default so two plugins never collide.
function(papergraph_add_plugin)
  cmake_parse_arguments(P "NO_INSTALL" "NAME;IDENT;OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  if(NOT P_NAME OR NOT P_IDENT OR NOT P_SOURCES)
    message(FATAL_ERROR "papergraph_add_plugin: NAME, IDENT and SOURCES are required")
  endif()
  add_library(${P_NAME}_static STATIC ${P_SOURCES})
  target_link_libraries(${P_NAME}_static PUBLIC papergraph::plugin_api ${P_LIBS})
  set_target_properties(${P_NAME}_static PROPERTIES
    POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)

  set(entry ${CMAKE_CURRENT_BINARY_DIR}/${P_NAME}_entry.cpp)
  file(GENERATE OUTPUT ${entry} CONTENT
"#include <papergraph/plugin_abi.h>
extern \"C\" const pg_plugin* papergraph_plugin_${P_IDENT}(void);
extern \"C\" PG_PLUGIN_EXPORT const pg_plugin* papergraph_plugin(void) {
  return papergraph_plugin_${P_IDENT}();
}
")
  add_library(${P_NAME} MODULE ${entry})
  target_link_libraries(${P_NAME} PRIVATE ${P_NAME}_static)
  if(NOT P_OUTPUT_DIR AND DEFINED PAPERGRAPH_PLUGIN_OUTPUT_DIR)
    set(P_OUTPUT_DIR ${PAPERGRAPH_PLUGIN_OUTPUT_DIR})
  endif()
  set_target_properties(${P_NAME} PROPERTIES
    PREFIX "" OUTPUT_NAME "pg_${P_NAME}"
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(P_OUTPUT_DIR)
    set_target_properties(${P_NAME} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIR})
  endif()
  if(COMMAND target_link_options)
    target_link_options(${P_NAME} PRIVATE -Wl,--exclude-libs,ALL -Wl,--no-undefined)
  endif()
  if(DEFINED PAPERGRAPH_INSTALL_PLUGIN_DIR AND NOT P_NO_INSTALL)
    install(TARGETS ${P_NAME} LIBRARY DESTINATION ${PAPERGRAPH_INSTALL_PLUGIN_DIR})
  endif()
endfunction()
