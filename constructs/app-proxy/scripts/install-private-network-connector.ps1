# Installs the Microsoft Entra private network connector silently and, when the deployment provides a
# registration token through Key Vault, registers it with the host's managed identity. Runs as SYSTEM from a
# CustomScriptExtension, again whenever its configuration changes (a new token version is a new configuration), so
# every step checks before it acts. A missing, expired or malformed token exits 1: the extension, and so the
# deployment, fails and shows the message.
# https://learn.microsoft.com/entra/global-secure-access/how-to-register-connector-powershell
#
# The construct prepends the parameters as variable assignments:
#   $InstallerUrl      where Microsoft publishes the installer
#   $TenantId          the Entra tenant the connector registers in
#   $TokenSecretId     Key Vault secret id, with its version, of a registration token, or '' for manual registration
#   $IdentityClientId  client id of the user-assigned identity allowed to read that secret, or ''
# Terraform reads this text as a template: it must never contain a dollar or percent sign followed by a brace.

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
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
if (Test-Path $trustSettings) {
  Write-Output 'The connector is already registered.'
  exit 0
}

# From here on every problem with the token fails the extension, so the deployment fails and says why: a host that
# silently stays unregistered looks deployed and serves nothing.
$imdsUrl = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=' + $IdentityClientId
$vaultToken = Invoke-WithRetry { (Invoke-RestMethod -Uri $imdsUrl -Headers @{ Metadata = 'true' }).access_token } 'Getting a Key Vault token from IMDS'

# 403 is retried (a new role assignment takes minutes to reach Key Vault); 404 means the secret or version is not
# there, which waiting does not fix.
$secretUrl = $TokenSecretId + '?api-version=7.4'
$token = Invoke-WithRetry {
  try { (Invoke-RestMethod -Uri $secretUrl -Headers @{ Authorization = 'Bearer ' + $vaultToken }).value }
  catch {
    if ($_.Exception.Response -and [int] $_.Exception.Response.StatusCode -eq 404) {
      Write-Error -ErrorAction Continue "The registration token $TokenSecretId does not exist: store it as the connector_steps output says, set appProxy.connectorRegistrationTokenSecretId to the id it prints, and deploy again."
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
