"""A stand-in for azure-identity (not installable here): records every credential and every token request."""

created = []


class AccessToken:
    def __init__(self, token, expires_on):
        self.token = token
        self.expires_on = expires_on


class ManagedIdentityCredential:
    def __init__(self, client_id=None):
        self.client_id = client_id
        self.scopes = []
        created.append(self)

    def get_token(self, *scopes):
        self.scopes.append(scopes)
        return AccessToken(f"token-{len(self.scopes)}-for-{self.client_id}", 0)
