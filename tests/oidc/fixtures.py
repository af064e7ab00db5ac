"""A real OpenID Connect provider for the single sign-on tests: the npm `oidc-provider`
package run by tests/oidc/provider.mjs on a free port (no mock of the client or the provider).

`oidc-provider` is a devDependency in package.json (`npm install`); set OIDC_PROVIDER_MODULE to
the package's folder to use a copy installed elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CLIENT_ID = "familyhub-tests"
CLIENT_SECRET = "synthetic-test-secret-not-a-real-one"  # noqa: S105

# Synthetic staff accounts at the provider: login -> claims.
ACCOUNTS = {
    "sam": {
        "sub": "0c1f-sam",
        "email": "sam.sso@council.example",
        "name": "Sam Sso (synthetic)",
        "groups": ["fh-social-workers", "all-staff"],
        "amr": ["pwd", "mfa"],
        "acr": "urn:familyhub:test:mfa",
    },
    "morgan": {
        "sub": "0c1f-morgan",
        "email": "morgan.manager@council.example",
        "name": "Morgan Manager (synthetic)",
        "groups": ["fh-team-managers"],
        "amr": ["pwd"],
    },
    "max": {
        "sub": "0c1f-max",
        "email": "max.mfa.manager@council.example",
        "name": "Max Manager (synthetic)",
        "groups": ["fh-team-managers"],
        "amr": ["pwd", "mfa"],
    },
    "nobody": {
        "sub": "0c1f-nobody",
        "email": "no.group@council.example",
        "name": "No Group (synthetic)",
        "groups": ["all-staff"],
    },
}
ROLE_MAP = {"fh-social-workers": "social_worker", "fh-team-managers": "team_manager"}


@dataclass
class OidcProvider:
    issuer: str
    process: subprocess.Popen


def _module() -> str | None:
    where = os.environ.get("OIDC_PROVIDER_MODULE")
    if where:
        return where
    if (ROOT / "node_modules" / "oidc-provider").exists():
        return None
    pytest.fail(
        "The single sign-on tests need the npm package oidc-provider (a devDependency): "
        "run `npm install`, or set OIDC_PROVIDER_MODULE to its folder"
    )


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the test OpenID Connect provider")
    module = _module()
    config = {
        "port": 0,
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{live_server.url}/sign-in/sso/callback/"],
        },
        "accounts": ACCOUNTS,
    }
    folder = Path(tempfile.mkdtemp(prefix="fh-oidc-"))
    (folder / "config.json").write_text(json.dumps(config))
    env = {**os.environ, **({"OIDC_PROVIDER_MODULE": module} if module else {})}
    process = subprocess.Popen(  # noqa: S603 - our own script, a fixed argument list
        [node, str(HERE / "provider.mjs"), str(folder / "config.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    line = process.stdout.readline() if process.stdout else ""
    if not line.startswith("listening "):
        process.kill()
        err = process.stderr.read() if process.stderr else ""
        pytest.fail(f"the test OpenID Connect provider did not start: {line}{err}")
    yield OidcProvider(issuer=line.split()[1], process=process)
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


def sso_settings(settings, issuer: str, **overrides) -> None:
    """Switch single sign-on on for one test (pytest-django's `settings` puts it back)."""
    settings.FAMILYHUB_SSO = {
        "ENABLED": True,
        "ISSUER": issuer,
        "PROVIDER_NAME": "the council's test provider",
        "GROUPS_CLAIM": "groups",
        "ROLE_MAP": ROLE_MAP,
        "ORGANISATION": "",
        "MFA_AMR": ["mfa"],
        "MFA_ACR": [],
        "LOCAL_PASSWORDS": True,
        **overrides,
    }
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups"
