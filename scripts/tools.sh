# Sourced by scripts/test and scripts/bench: installs what they need when it is missing (tmux,
# python3 with venv, a Python venv with moto, boto3 and the AWS CLI at pinned versions, node with
# the AWS SDK for JavaScript as tests/node/package-lock.json pins it) and exports
# LAMBDA_POLICY_VENV. The one place the pins live.

# Debian/Ubuntu packages, installed when missing (as root; otherwise say which).
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "needed: $* (install them, e.g. apt-get install $*)" >&2
    exit 1
  fi
}
command -v tmux >/dev/null 2>&1 || apt_install tmux
# Renders the TUI's SVG screenshots in the tests.
command -v rsvg-convert >/dev/null 2>&1 || apt_install librsvg2-bin
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
# `python3 -m venv` needs ensurepip, which Debian ships apart (python3-venv).
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv

# Pinned: botocore 1.44 is the first to speak the function URL and 2026 policy operations;
# sarif-tools, junitparser and jsonschema read what `audit --output sarif|junit` writes;
# policyuniverse and parliament are the access engine's peers on its case table.
pins=("moto[server]==5.2.5" "boto3==1.44.8" "botocore==1.44.8" "awscli==1.46.3"
  "sarif-tools==3.0.5" "junitparser==5.0.3" "jsonschema==4.26.0"
  "policyuniverse==1.5.1.20231109" "parliament==1.6.4")
venv="${LAMBDA_POLICY_VENV:-.venv}"
# A venv made with other pins, or half made, is made again.
if [ "$(cat "$venv/.pins" 2>/dev/null)" != "${pins[*]}" ] \
  || [ ! -x "$venv/bin/moto_server" ] || [ ! -x "$venv/bin/aws" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" > "$venv/.pins"
fi
LAMBDA_POLICY_VENV="$(cd "$venv" && pwd)"
export LAMBDA_POLICY_VENV

# The AWS SDK for JavaScript, exactly as tests/node/package-lock.json pins it; installed again
# when the lock changes.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
lock_stamp="$(sha256sum tests/node/package-lock.json | cut -d' ' -f1)"
if [ "$(cat tests/node/node_modules/.lock-stamp 2>/dev/null)" != "$lock_stamp" ]; then
  rm -rf tests/node/node_modules
  npm ci --prefix tests/node --no-audit --no-fund --loglevel=error >/dev/null
  echo "$lock_stamp" > tests/node/node_modules/.lock-stamp
fi
