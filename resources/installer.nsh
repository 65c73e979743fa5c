; Included by electron-builder's NSIS installer (electron-builder.yml nsis.include).
; Registers the whiteboard:// invite links when Whiteboard is installed, and removes them when it
; is uninstalled. electron-builder's `protocols` only writes macOS's Info.plist; on Windows the
; app could only register itself on its first launch, so a link clicked before that did nothing.
; SHELL_CONTEXT is HKCU for a per-user install and HKLM for a per-machine one (the installer
; sets it); the command is what Electron's app.setAsDefaultProtocolClient writes, so the app's
; own registration on launch finds the same value.

!macro customInstall
  WriteRegStr SHELL_CONTEXT "Software\Classes\whiteboard" "" "URL:Whiteboard invite link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\whiteboard" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\whiteboard\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\whiteboard\shell\open\command" "" '"$appExe" "%1"'
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep the registration for the new version.
  ${ifNot} ${isUpdated}
    DeleteRegKey SHELL_CONTEXT "Software\Classes\whiteboard"
  ${endIf}
!macroend
