# Shared by ./cellchat and ./run-tests: find a JDK of at least a given feature version.
# Usage: . scripts/jdk.sh; home=$(find_jdk 25)
# JAVA_HOME wins when it is recent enough; otherwise the newest JDK in the usual folders.

java_major() { # prints the feature version of the JDK at $1, or nothing
  local home="$1" v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

find_jdk() { # $1: minimum feature version (exact when $2 is "exact")
  local min="$1" mode="${2:-}" best="" best_v=0 v dir
  if [ -n "${JAVA_HOME:-}" ] && [ "$mode" != exact ]; then
    v=$(java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then echo "$JAVA_HOME"; return; fi
  fi
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$dir" ] && [ ! -L "$dir" ] || continue
    v=$(java_major "$dir")
    [ -n "$v" ] || continue
    if [ "$mode" = exact ]; then
      [ "$v" -eq "$min" ] && { echo "$dir"; return; }
    elif [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then
      best="$dir"; best_v="$v"
    fi
  done
  echo "$best"
}
