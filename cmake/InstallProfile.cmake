# Installs the `sipdiag` configuration profile (profiles/sipdiag: colouring
# rules, packet list columns and their widths) where Wireshark looks for profiles.
#
# The place is chosen when `cmake --install` runs, not at configure time:
#   - an install prefix was given (configured with -DCMAKE_INSTALL_PREFIX=...
#     or `cmake --install BUILD --prefix DIR`): <prefix>/share/wireshark/profiles/sipdiag
#   - otherwise, installing as root: Wireshark's global profiles folder
#     (<Wireshark prefix>/share/wireshark/profiles, /usr/share/wireshark/profiles on Debian)
#   - otherwise: the personal profiles folder of the user who installs,
#     ${XDG_CONFIG_HOME:-~/.config}/wireshark/profiles/sipdiag (or ~/.wireshark/profiles
#     when that older folder is in use).
# SIPDIAG_INSTALL_SCOPE=personal|system (see CMakeLists.txt) forces one of the
# last two. DESTDIR is honoured in each case.
#
# Included from CMakeLists.txt, this file registers the install step
# (component "sipdiag_profile"). Run as a script, it does the install itself:
#   cmake -DSIPDIAG_PROFILE_SOURCE=profiles/sipdiag -DSIPDIAG_GLOBAL_PROFILES=/usr/share/wireshark/profiles \
#         [-DCMAKE_INSTALL_PREFIX=DIR -DSIPDIAG_DEFAULT_PREFIX=] -P cmake/InstallProfile.cmake

if(NOT DEFINED SIPDIAG_PROFILE_SOURCE)
  # --- configure time: remember what the install step needs --------------
  # The prefix CMake chose by itself: any other one was given by the user.
  # (The top-level CMakeLists.txt may already keep it in the cache.)
  if(DEFINED SIPDIAG_DEFAULT_PREFIX)
    set(_sipdiag_default_prefix "${SIPDIAG_DEFAULT_PREFIX}")
  elseif(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
    set(_sipdiag_default_prefix "${CMAKE_INSTALL_PREFIX}")
  else()
    set(_sipdiag_default_prefix "")
  endif()
  if(NOT DEFINED SIPDIAG_INSTALL_SCOPE)
    set(SIPDIAG_INSTALL_SCOPE auto)
  endif()
  if(Wireshark_INSTALL_PREFIX)
    set(_sipdiag_global_profiles "${Wireshark_INSTALL_PREFIX}/share/wireshark/profiles")
  else()
    set(_sipdiag_global_profiles "/usr/share/wireshark/profiles")
  endif()
  install(CODE "
    set(SIPDIAG_PROFILE_SOURCE \"${CMAKE_CURRENT_SOURCE_DIR}/profiles/sipdiag\")
    set(SIPDIAG_DEFAULT_PREFIX \"${_sipdiag_default_prefix}\")
    set(SIPDIAG_PROFILE_SCOPE \"${SIPDIAG_INSTALL_SCOPE}\")
    set(SIPDIAG_GLOBAL_PROFILES \"${_sipdiag_global_profiles}\")
    include(\"${CMAKE_CURRENT_LIST_DIR}/InstallProfile.cmake\")
  " COMPONENT sipdiag_profile)
  unset(_sipdiag_default_prefix)
  unset(_sipdiag_global_profiles)
  return()
endif()

# --- install time ----------------------------------------------------------
if(NOT DEFINED SIPDIAG_DEFAULT_PREFIX)
  set(SIPDIAG_DEFAULT_PREFIX "")
endif()
if(NOT DEFINED SIPDIAG_PROFILE_SCOPE)
  set(SIPDIAG_PROFILE_SCOPE auto)
endif()
if(NOT DEFINED SIPDIAG_GLOBAL_PROFILES)
  set(SIPDIAG_GLOBAL_PROFILES "/usr/share/wireshark/profiles")
endif()

include("${CMAKE_CURRENT_LIST_DIR}/InstallScope.cmake")
sipdiag_install_scope(_how "${SIPDIAG_PROFILE_SCOPE}" "${SIPDIAG_DEFAULT_PREFIX}")

if(_how STREQUAL "prefix")
  set(_profiles "${CMAKE_INSTALL_PREFIX}/share/wireshark/profiles")
elseif(_how STREQUAL "system")
  set(_profiles "${SIPDIAG_GLOBAL_PROFILES}")
else()
  if("$ENV{HOME}" STREQUAL "")
    message(FATAL_ERROR "sipdiag profile: HOME is not set; cannot find the personal profiles folder")
  endif()
  if(IS_DIRECTORY "$ENV{HOME}/.wireshark")
    set(_config "$ENV{HOME}/.wireshark")
  elseif(NOT "$ENV{XDG_CONFIG_HOME}" STREQUAL "")
    set(_config "$ENV{XDG_CONFIG_HOME}/wireshark")
  else()
    set(_config "$ENV{HOME}/.config/wireshark")
  endif()
  set(_profiles "${_config}/profiles")
endif()

message(STATUS "sipdiag: ${_how} install, profile into $ENV{DESTDIR}${_profiles}/sipdiag")
file(INSTALL "${SIPDIAG_PROFILE_SOURCE}/colorfilters" "${SIPDIAG_PROFILE_SOURCE}/preferences"
                  "${SIPDIAG_PROFILE_SOURCE}/recent"
     DESTINATION "${_profiles}/sipdiag"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
