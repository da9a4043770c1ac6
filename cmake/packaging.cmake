# Install rules and the CMake and pkg-config packages:
#   find_package(yanxiu) gives yanxiu::c (the C ABI, libyanxiu.so.1) and, when Boost is found and
#   the C++ library is installed, yanxiu::yanxiu (the static C++ library with its headers);
#   `pkg-config yanxiu` gives the C ABI.
# Components (cmake --install BUILD --component NAME; all three without --component):
#   c     what a platform embedding the C ABI needs: yanxiu.h, libyanxiu.so*, yanxiu.pc and the
#         CMake package for yanxiu::c
#   cpp   the C++ archive libyanxiu-cpp.a, include/yanxiu/ and the CMake targets of yanxiu::yanxiu
#   cli   the command line, bin/yanxiu

include(CMakePackageConfigHelpers)

# A Release (or MinSizeRel) tree installs stripped, as `cmake --install --strip` does: the
# library's debug information is most of its size. --strip or CMAKE_INSTALL_DO_STRIP=0 in the
# environment of a packager who keeps it separately decides otherwise.
install(CODE [[
  if(NOT DEFINED CMAKE_INSTALL_DO_STRIP AND CMAKE_INSTALL_CONFIG_NAME MATCHES "^(Release|MinSizeRel)$")
    if(DEFINED ENV{CMAKE_INSTALL_DO_STRIP})
      set(CMAKE_INSTALL_DO_STRIP "$ENV{CMAKE_INSTALL_DO_STRIP}")
    else()
      set(CMAKE_INSTALL_DO_STRIP 1)
    endif()
  endif()
]] ALL_COMPONENTS)

set(YANXIU_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/yanxiu")

# The C++ archive would be libyanxiu.a beside libyanxiu.so, the C ABI; a different name keeps
# `-lyanxiu` unambiguous, even in a static link.
set_target_properties(yanxiu PROPERTIES OUTPUT_NAME yanxiu-cpp)

install(TARGETS yanxiu_c EXPORT yanxiu-c-targets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT c NAMELINK_COMPONENT c
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT c)
install(EXPORT yanxiu-c-targets NAMESPACE yanxiu:: DESTINATION ${YANXIU_CMAKE_DIR} COMPONENT c)

install(TARGETS yanxiu EXPORT yanxiu-cpp-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT cpp)
install(DIRECTORY include/yanxiu DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT cpp)
install(EXPORT yanxiu-cpp-targets NAMESPACE yanxiu:: DESTINATION ${YANXIU_CMAKE_DIR}
  COMPONENT cpp)

install(TARGETS yanxiu_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)

configure_package_config_file(cmake/yanxiu-config.cmake.in
  "${PROJECT_BINARY_DIR}/yanxiu-config.cmake" INSTALL_DESTINATION ${YANXIU_CMAKE_DIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/yanxiu-config-version.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/yanxiu-config.cmake"
              "${PROJECT_BINARY_DIR}/yanxiu-config-version.cmake"
        DESTINATION ${YANXIU_CMAKE_DIR} COMPONENT c)

# yanxiu.pc finds the prefix from its own place, so it is right wherever the tree is installed
# (cmake --install --prefix, DESTDIR, a relocated package).
file(RELATIVE_PATH YANXIU_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" YANXIU_PC_TO_PREFIX "${YANXIU_PC_TO_PREFIX}")
configure_file(cmake/yanxiu.pc.in "${PROJECT_BINARY_DIR}/yanxiu.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/yanxiu.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT c)
