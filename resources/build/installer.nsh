; Included by electron-builder's NSIS installer (electron-builder.yml, nsis.include).
; A second Start menu shortcut that opens Gatehouse in kiosk mode; start at login is a setting
; the app applies itself (app.setLoginItemSettings).
!macro customInstall
  CreateShortCut "$SMPROGRAMS\Gatehouse (kiosk).lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" "--kiosk"
!macroend

!macro customUnInstall
  Delete "$SMPROGRAMS\Gatehouse (kiosk).lnk"
!macroend
