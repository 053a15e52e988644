#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to run the classify Spark jobs, and says what it did:
#
#   - a Java runtime >= 17 (openjdk-17-jre-headless, through apt-get as root or with sudo),
#     skipped when `java` is already 17 or newer;
#   - procps (`ps`, used by Spark's sbin scripts) and libblas3 (the CBLAS library that the
#     classify binary links), skipped when installed;
#   - PySpark (pinned, below), skipped when the Python already imports a PySpark >= 3.3.
#     PySpark goes into that Python with pip; when the Python is Debian's externally managed one,
#     into a virtual environment at $CLASSIFY_SPARK_VENV
#     (default ~/.local/share/classify-spark/venv) instead.
#
#   Integrations/spark/install.sh                  # uses $PYSPARK_PYTHON, else python3
#   PYSPARK_PYTHON=/opt/py/bin/python3 Integrations/spark/install.sh
#
# The last line printed names the Python that imports PySpark, and SPARK_HOME. Safe to run again.
set -euo pipefail

PYSPARK_PIN="3.5.6"   # supports Java 8/11/17 and Python 3.8-3.11
PYTHON="${PYSPARK_PYTHON:-python3}"
VENV="${CLASSIFY_SPARK_VENV:-$HOME/.local/share/classify-spark/venv}"

say() { echo "install.sh: $*"; }
have_package() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "install.sh: need root or sudo to install $*" >&2; exit 1; }
    sudo="sudo"
  fi
  say "installing $* (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# The major version of `java` on PATH (8 for "1.8.0_x"), or 0 when there is none.
java_major() {
  command -v java >/dev/null || { echo 0; return; }
  java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | head -1 |
    awk -F. '{ print ($1 == 1 ? $2 : $1) }'
}

# Succeeds when the given Python imports a PySpark of version 3.3 or newer (Java 17 support).
has_pyspark() {
  "$1" - <<'EOF' 2>/dev/null
import sys, pyspark
major, minor = (int(x) for x in pyspark.__version__.split(".")[:2])
sys.exit(0 if (major, minor) >= (3, 3) else 1)
EOF
}

externally_managed() {
  "$1" - <<'EOF'
import os, sys, sysconfig
in_venv = sys.prefix != sys.base_prefix
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(0 if (not in_venv and os.path.exists(marker)) else 1)
EOF
}

# 1. Java
major=$(java_major)
if [ "${major:-0}" -ge 17 ]; then
  say "java $major found; skipped openjdk-17-jre-headless"
else
  apt_install openjdk-17-jre-headless
  say "java is now $(java_major)"
fi

# 2. System libraries the Spark scripts and the classify binary need
missing=()
command -v ps >/dev/null || missing+=(procps)
have_package libblas3 || have_package libopenblas0 || have_package libopenblas0-pthread || missing+=(libblas3)
if ((${#missing[@]})); then apt_install "${missing[@]}"; else say "procps and libblas3 found"; fi

# 3. PySpark
command -v "$PYTHON" >/dev/null || apt_install python3 python3-pip python3-venv
if has_pyspark "$PYTHON"; then
  say "pyspark $("$PYTHON" -c 'import pyspark; print(pyspark.__version__)') found in $PYTHON; skipped pip"
elif [ -x "$VENV/bin/python" ] && has_pyspark "$VENV/bin/python"; then
  say "pyspark found in $VENV; skipped pip"
  PYTHON="$VENV/bin/python"
else
  if externally_managed "$PYTHON"; then
    "$PYTHON" -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
    say "$PYTHON is externally managed; creating the virtual environment $VENV"
    "$PYTHON" -m venv "$VENV"
    PYTHON="$VENV/bin/python"
  fi
  say "installing pyspark==$PYSPARK_PIN into $PYTHON (pip; about 320 MB)"
  "$PYTHON" -m pip install -q "pyspark==$PYSPARK_PIN"
fi

spark_home=$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
version=$("$PYTHON" -c 'import pyspark; print(pyspark.__version__)')
executable=$("$PYTHON" -c 'import sys; print(sys.executable)')
say "ready: PYSPARK_PYTHON=$executable pyspark $version SPARK_HOME=$spark_home"
