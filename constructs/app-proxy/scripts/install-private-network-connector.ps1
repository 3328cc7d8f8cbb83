# Replaces the local administrator's password, installs the Microsoft Entra private network connector silently and,
# when the deployment provides a registration token through Key Vault, registers it with the host's managed identity;
# the last host to register then disables the token's secret version. Runs as SYSTEM from a CustomScriptExtension,
# again whenever its configuration changes (a new script or a new token version is a new configuration: "If the
# handler detects a change in the configuration settings, it considers that change as an explicit desire to rerun
# the script", https://learn.microsoft.com/azure/virtual-machines/extensions/custom-script-windows), so every step
# checks before it acts. A failed password change, or a missing, expired or malformed token, exits 1: the
# extension, and so the deployment, fails and shows the message.
# https://learn.microsoft.com/entra/global-secure-access/how-to-register-connector-powershell
#
# The construct prepends the parameters as variable assignments:
#   $InstallerUrl         where Microsoft publishes the installer
#   $TenantId             the Entra tenant the connector registers in
#   $TokenSecretId        Key Vault secret id, with its version, of a registration token, or '' for manual registration
#   $IdentityClientId     client id of the user-assigned identity allowed to use that secret, or ''
#   $AdminUsername        the local administrator the VM was created with
#   $LastHostName         computer name of the host whose extension runs last (it disables the token), or ''
#   $RotateAdminPassword  rotate-admin-password.ps1 as a script block
# Terraform reads this text as a template: it must never contain a dollar or percent sign followed by a brace.

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# First, before anything else: the password Terraform created the VM with (and keeps in its state) stops working.
# Every run replaces it again, so an upgrade that changes this script rotates the hosts that exist already.
try { & $RotateAdminPassword -AdminUsername $AdminUsername }
catch {
  Write-Error -ErrorAction Continue "Could not replace the password of the local administrator $AdminUsername (the password in Terraform state would still work): $_"
  exit 1
}

[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12

$connectorDir = Join-Path $env:ProgramFiles 'Microsoft Entra private network connector'
$trustSettings = Join-Path $env:ProgramData 'Microsoft\Microsoft Entra private network connector\Config\TrustSettings.xml'

# Runs $Action until it succeeds: the NAT gateway, Key Vault's role assignment or DNS can lag behind a new VM.
function Invoke-WithRetry([scriptblock] $Action, [string] $What) {
  for ($attempt = 1; ; $attempt++) {
    try { return & $Action }
    catch {
      if ($attempt -ge 30) { throw "$What failed $attempt times: $_" }
      Write-Output "$What failed (attempt $attempt): $_; retrying in 20 s"
      Start-Sleep -Seconds 20
    }
  }
}

if (Get-Service -Name 'WAPCsvc' -ErrorAction SilentlyContinue) {
  Write-Output 'The private network connector is already installed.'
} else {
  $installer = Join-Path $env:TEMP 'MicrosoftEntraPrivateNetworkConnectorInstaller.exe'
  Invoke-WithRetry { Invoke-WebRequest -Uri $InstallerUrl -OutFile $installer -UseBasicParsing } 'Downloading the connector installer'
  # REGISTERCONNECTOR="false": install only; registration needs a user token (below, or by hand).
  $process = Start-Process -FilePath $installer -ArgumentList 'REGISTERCONNECTOR="false"', '/q' -Wait -PassThru
  if ($process.ExitCode -ne 0) { throw "The connector installer exited with code $($process.ExitCode)." }
  Write-Output 'Installed the private network connector (not registered yet).'
}

if (-not $TokenSecretId) {
  Write-Output 'No registration token configured: register this connector once as the connector_steps output says.'
  exit 0
}

$isLastHost = $LastHostName -and ($env:COMPUTERNAME -eq $LastHostName)
$imdsUrl = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=' + $IdentityClientId
$secretUrl = $TokenSecretId + '?api-version=7.4'

function Get-VaultToken {
  Invoke-WithRetry { (Invoke-RestMethod -Uri $imdsUrl -Headers @{ Metadata = 'true' }).access_token } 'Getting a Key Vault token from IMDS'
}

# Once every host has registered (the hosts' extensions run one after the other; this is the last), the token's
# version is disabled: Key Vault then refuses to return it to anyone ("enabled ... specifies whether the secret data
# can be retrieved", https://learn.microsoft.com/azure/key-vault/secrets/about-secrets). Update Secret changes the
# attributes of that one version and needs the secrets/set permission (Key Vault Secrets Officer on the secret,
# https://learn.microsoft.com/rest/api/keyvault/secrets/update-secret). An expiry date would not do: Key Vault
# still returns an expired secret (same about-secrets page, "Date-time controlled operations").
function Disable-RegistrationToken {
  $vaultToken = Get-VaultToken
  Invoke-WithRetry {
    Invoke-RestMethod -Method Patch -Uri $secretUrl -Headers @{ Authorization = 'Bearer ' + $vaultToken } `
      -ContentType 'application/json' -Body '{"attributes":{"enabled":false}}' | Out-Null
  } 'Disabling the registration token in Key Vault'
  Write-Output "Disabled the registration token $TokenSecretId now that every host has registered: Key Vault no longer returns it."
}

if (Test-Path $trustSettings) {
  Write-Output 'The connector is already registered.'
  if ($isLastHost) { Disable-RegistrationToken }
  exit 0
}

# From here on every problem with the token fails the extension, so the deployment fails and says why: a host that
# silently stays unregistered looks deployed and serves nothing.
$vaultToken = Get-VaultToken

# 403 is retried (a new role assignment takes minutes to reach Key Vault), except for a disabled version; 404 means
# the secret or version is not there. Waiting fixes neither.
$token = Invoke-WithRetry {
  try { (Invoke-RestMethod -Uri $secretUrl -Headers @{ Authorization = 'Bearer ' + $vaultToken }).value }
  catch {
    $status = if ($_.Exception.Response) { [int] $_.Exception.Response.StatusCode } else { 0 }
    if ($status -eq 404) {
      Write-Error -ErrorAction Continue "The registration token $TokenSecretId does not exist: store it as the connector_steps output says, set appProxy.connectorRegistrationTokenSecretId to the id it prints, and deploy again."
      exit 1
    }
    if ($status -eq 403 -and "$($_.ErrorDetails.Message)" -match 'SecretDisabled') {
      Write-Error -ErrorAction Continue "The registration token $TokenSecretId is disabled: it registered the hosts before this one and was disabled then. Store a fresh token (a new version: the connector_steps output shows how), set appProxy.connectorRegistrationTokenSecretId to its id and deploy again."
      exit 1
    }
    throw
  }
} 'Reading the registration token from Key Vault'

# A pasted token often carries a newline or spaces; the token itself never does.
$token = ([string] $token).Trim()

# A registration token is a user's access token (a JWT) and lives about an hour: check its shape and expiry before
# handing it to RegisterConnector.ps1, whose own error would be far less clear.
$parts = $token.Split('.')
if ($parts.Length -ne 3 -or $parts[1].Length -eq 0) {
  Write-Error -ErrorAction Continue "The secret $TokenSecretId is not a registration token (expected a JWT: three base64url parts separated by dots). Store the token itself, nothing around it."
  exit 1
}
try {
  $payload = $parts[1].Replace('-', '+').Replace('_', '/')
  $payload = $payload.PadRight($payload.Length + (4 - $payload.Length % 4) % 4, '=')
  $claims = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($payload)) | ConvertFrom-Json
  $expires = [DateTimeOffset]::FromUnixTimeSeconds([long] $claims.exp)
} catch {
  Write-Error -ErrorAction Continue "The secret $TokenSecretId is not a readable registration token (its payload does not decode to claims with an expiry): $_"
  exit 1
}
if ($expires -lt [DateTimeOffset]::UtcNow.AddMinutes(2)) {
  Write-Error -ErrorAction Continue "The registration token $TokenSecretId expired at $expires. Store a fresh one (a new version: the connector_steps output shows how), set appProxy.connectorRegistrationTokenSecretId to its id and deploy again."
  exit 1
}

$register = Join-Path $connectorDir 'RegisterConnector.ps1'
Invoke-WithRetry { if (-not (Test-Path $register)) { throw "$register is missing" } } 'Waiting for the connector files'
$secureToken = ConvertTo-SecureString -String $token -AsPlainText -Force
& $register -modulePath (Join-Path $connectorDir 'Modules\') -moduleName 'MicrosoftEntraPrivateNetworkConnectorPSModule' `
  -AuthenticationMode Token -Token $secureToken -TenantId $TenantId -Feature ApplicationProxy
if (-not (Test-Path $trustSettings)) {
  Write-Error -ErrorAction Continue "RegisterConnector.ps1 finished but $trustSettings is missing: the connector is not registered. Check its output above and the connector in the Microsoft Entra admin center."
  exit 1
}
Write-Output 'Registered the connector.'
if ($isLastHost) { Disable-RegistrationToken }
