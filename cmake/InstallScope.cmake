# Where `cmake --install` puts sipdiag's files, decided when it runs (the user
# who configures is not always the one who installs):
#   prefix   - a prefix was given (-DCMAKE_INSTALL_PREFIX, --prefix, cpack)
#   system   - installing as root: Wireshark ignores personal folders for root
#   personal - anyone else
# `requested` is SIPDIAG_INSTALL_SCOPE (auto, personal or system);
# `default_prefix` is the prefix CMake chose by itself ("" when the user gave one).
function(sipdiag_install_scope out_var requested default_prefix)
  set(how "${requested}")
  if(how STREQUAL "auto")
    if(CMAKE_INSTALL_PREFIX AND NOT CMAKE_INSTALL_PREFIX STREQUAL default_prefix)
      set(how prefix)
    else()
      execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(uid STREQUAL "0")
        set(how system)
      else()
        set(how personal)
      endif()
    endif()
  endif()
  set(${out_var} "${how}" PARENT_SCOPE)
endfunction()
