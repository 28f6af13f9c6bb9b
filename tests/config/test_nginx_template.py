"""deploy/nginx/snobistic.conf.template: compose's proxy and `make prod-smoke` render the same routes.

Rendered with given upstreams it has no placeholder left, refuses a missing or unknown one, and
`nginx -t` (Debian's nginx, where installed) accepts it with a throw-away certificate.
"""

import datetime
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("render_nginx", ROOT / "scripts" / "render_nginx.py")
render_nginx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_nginx)

VALUES = {
    "WEB_UPSTREAM": "10.0.0.5:8000",
    "REALTIME_UPSTREAM": "10.0.0.6:8001",
    "HTTP_LISTEN": "127.0.0.1:18480",
    "HTTPS_LISTEN": "127.0.0.1:18443",
    "TLS_CERTIFICATE": "/tmp/cert.pem",
    "TLS_CERTIFICATE_KEY": "/tmp/key.pem",
}


def test_the_template_renders_with_the_given_upstreams():
    conf = render_nginx.render(VALUES)
    assert "${" not in conf
    assert "upstream snobistic_web { server 10.0.0.5:8000; }" in conf
    assert "upstream snobistic_realtime { server 10.0.0.6:8001; }" in conf
    assert "listen 127.0.0.1:18443 ssl;" in conf and "ssl_certificate /tmp/cert.pem;" in conf
    # the routing: websockets to daphne with the upgrade headers, the rest to gunicorn, both told
    # the scheme (secure cookies, SECURE_PROXY_SSL_HEADER) and the request id
    https = conf[conf.index("listen 127.0.0.1:18443") :]
    ws = https[https.index("location /ws/") : https.index("location / {")]
    assert "proxy_pass http://snobistic_realtime;" in ws and "proxy_set_header Upgrade $http_upgrade;" in ws
    rest = https[https.index("location / {") :]
    assert "proxy_pass http://snobistic_web;" in rest
    for block in (ws, rest):
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in block
        assert "proxy_set_header X-Request-ID $snobistic_request_id;" in block


def test_a_missing_or_unknown_placeholder_is_refused():
    with pytest.raises(ValueError, match="missing"):
        render_nginx.render({k: v for k, v in VALUES.items() if k != "REALTIME_UPSTREAM"})
    with pytest.raises(ValueError, match="unknown"):
        render_nginx.render({**VALUES, "EXTRA": "x"})
    with pytest.raises(ValueError, match="unusable"):
        render_nginx.render({**VALUES, "WEB_UPSTREAM": "web:8000; evil"})


def test_compose_fills_exactly_the_template_placeholders_from_the_same_file():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    proxy = compose["services"]["proxy"]
    assert set(proxy["environment"]) == render_nginx.placeholders(render_nginx.TEMPLATE.read_text())
    assert "./deploy/nginx/snobistic.conf.template:/etc/nginx/templates/default.conf.template:ro" in proxy["volumes"]
    assert compose["services"]["migrate"]["command"] == ["sh", "scripts/release.sh"]
    assert "/healthz/" in " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "/livez/" in " ".join(compose["services"]["realtime"]["healthcheck"]["test"])


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="nginx not installed")
def test_nginx_accepts_the_rendered_configuration(tmp_path):
    cert, key = _self_signed(tmp_path)
    site = tmp_path / "site.conf"
    site.write_text(render_nginx.render({**VALUES, "WEB_UPSTREAM": "127.0.0.1:1", "REALTIME_UPSTREAM": "127.0.0.1:2",
                                         "TLS_CERTIFICATE": str(cert), "TLS_CERTIFICATE_KEY": str(key)}))
    main = tmp_path / "nginx.conf"
    main.write_text(render_nginx.main_conf(tmp_path, site))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    result = subprocess.run([nginx, "-t", "-c", str(main), "-p", str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr
