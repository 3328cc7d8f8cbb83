# Replaces the password of the local administrator a connector host was created with by one generated here, with
# the operating system's cryptographic random number generator, and kept nowhere. Terraform must pass a password to
# create a Windows VM (azurerm 4.55.0 windows_virtual_machine has no write-only admin password) and keeps it in
# state; once this has run, that value opens nothing. Nobody needs the new one: the connector runs as a service, and
# people reach the host through Azure (Run Command, or a VMAccess password reset), see docs/operations.md.
#
# The connector-install extension runs this first, before anything else; a failure fails the extension, so the
# deploy. After a break-glass password reset, run it alone to make the host's password unknown again:
#   az vm run-command invoke -g <resource group> -n <host> --command-id RunPowerShellScript \
#     --scripts @constructs/app-proxy/scripts/rotate-admin-password.ps1 --parameters AdminUsername=apcadmin
# Terraform reads this text as a template: it must never contain a dollar or percent sign followed by a brace.
param([Parameter(Mandatory = $true)] [string] $AdminUsername)

$ErrorActionPreference = 'Stop'

# 48 random bytes (384 bits) from the Windows CSPRNG, as base64: 64 characters of A-Z, a-z, 0-9, + and /. The fixed
# suffix gives the four character classes Windows' complexity rule counts whatever the random part holds; it adds
# no secrecy and takes none away.
$bytes = New-Object byte[] 48
$rng = [Security.Cryptography.RandomNumberGenerator]::Create()
try { $rng.GetBytes($bytes) } finally { $rng.Dispose() }
$newPassword = [Convert]::ToBase64String($bytes) + 'Aa1!'
[Array]::Clear($bytes, 0, $bytes.Length)

# The WinNT ADSI provider sets a local account's password (IADsUser::SetPassword,
# https://learn.microsoft.com/windows/win32/api/iads/nf-iads-iadsuser-setpassword); unlike the LocalAccounts cmdlets
# it works in 32-bit and 64-bit Windows PowerShell alike.
$account = 'WinNT://' + $env:COMPUTERNAME + '/' + $AdminUsername + ',user'
([ADSI] $account).SetPassword($newPassword)
Remove-Variable newPassword

# Proof it took: the account's password age (seconds) restarts at 0 when its password is set.
$age = [int] ([ADSI] $account).PasswordAge.Value
if ($age -gt 300) { throw "the password of $AdminUsername is still $age seconds old after it was replaced" }
Write-Output "Replaced the password of $AdminUsername with one generated on this host and kept nowhere."
