; The Windows Setup: BoxUploader-Setup-VERSION.exe. .ci/package-setup builds
; it (make package-windows) with makensis -INPUTCHARSET UTF8 and
;   -DVERSION=0.1.0 -DEXE=the app's .exe -DCLI=the command line's .exe
;   -DICON=the app's .ico -DOUTFILE=where the Setup goes
; It installs for the person running it, without administrator rights, as
; Windows wants per-user apps: in %LOCALAPPDATA%\Programs, with a Start menu
; shortcut, a "Send to" shortcut, the folder in the person's PATH and an
; entry in Apps & features whose uninstaller removes all of them. The pages speak English or Japanese, by
; the system's language.

Unicode true
; Debian's Wine, which checks the Setup, is 64-bit only; so is the app.
Target amd64-unicode
RequestExecutionLevel user
ManifestDPIAware true
SetCompressor /SOLID lzma

!define APP "Box Uploader"
!define APPID "app.boxuploader.Uploader"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "${APP}"

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include WinMessages.nsh
!include WordFunc.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!define MUI_FINISHPAGE_RUN "$INSTDIR\boxuploader.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first is the language for systems in neither; NSIS picks the other
; where the system's language is Japanese.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"
!include "en.nsh"
!include "ja.nsh"

Section
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=boxuploader.exe" "${EXE}"
  ; The command line: Windows starts a window program without a console,
  ; so `boxuploader login` typed in one would print nothing. A console
  ; program of the same name ending in .com comes first where both are.
  File "/oname=boxuploader.com" "${CLI}"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  ; In the person's PATH, so that `boxuploader` works in any console opened
  ; from now on. NSIS reads at most 1,024 characters: a longer PATH is left
  ; alone rather than cut.
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 < 1000
    ${WordAdd} "$0" ";" "+$INSTDIR" $0
    WriteRegExpandStr HKCU "Environment" "Path" "$0"
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
  ${EndIf}

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\boxuploader.exe" "" "$INSTDIR\boxuploader.exe" 0 SW_SHOWNORMAL "" "$(Description)"
  ; Files sent there come as arguments, which the app queues.
  CreateShortcut "$SENDTO\${APP}.lnk" "$INSTDIR\boxuploader.exe" "" "$INSTDIR\boxuploader.exe" 0 SW_SHOWNORMAL "" "$(Description)"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\boxuploader.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

; What a person made with the app (settings, the sign-in kept in Windows'
; Credential Manager) stays: it is theirs, as with any app; signing out
; before uninstalling removes the sign-in.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$SENDTO\${APP}.lnk"
  Delete "$INSTDIR\boxuploader.exe"
  Delete "$INSTDIR\boxuploader.com"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 < 1000
    ${un.WordAdd} "$0" ";" "-$INSTDIR" $0
    ${If} $0 == ""
      DeleteRegValue HKCU "Environment" "Path"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
  ${EndIf}
SectionEnd
