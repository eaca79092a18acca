; Inno Setup script: turns dist\advisor-app\ (PyInstaller one-folder) into AdvisorDesk-Setup-<version>.exe.
;   iscc /DAppVersion=0.1.0 packaging\windows\advisor-app.iss
; Run from the repository root (the release workflow does). Per-user install by default (no admin
; rights needed), machine-wide when started as administrator.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Advisor Desk"
#define AppExe "advisor-app.exe"

[Setup]
; A fixed AppId keeps upgrades and the uninstall entry together across versions.
AppId={{6B0F4C1E-3A52-4C8B-9E2D-5A7C1D0B8F31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Advisor Desk
AppPublisherURL=https://advisordesk.example
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=AdvisorDesk-Setup-{#AppVersion}
SetupIconFile=..\..\build\icons\advisor-app.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile=..\licenses\NOTICE.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Signing: the workflow passes /Ssigntool=... when a certificate is configured.
#ifdef SignTool
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\advisor-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there; the advisor's settings and logs in %APPDATA% stay.
Type: filesandordirs; Name: "{app}\_internal"
