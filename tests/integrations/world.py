"""Integrations objects for the authorisation matrix and the page inventory: Alpha's API key."""

from integrations import api_keys


def integrations_world(*, alpha) -> dict:
    issued = api_keys.api_key_create(vendor=alpha.vendor, actor=alpha.owner, name="ERP", scopes=["offers:write"])
    return {"api_key": issued.key}
