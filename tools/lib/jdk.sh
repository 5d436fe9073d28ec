# shellcheck shell=bash
# find_ffm_jdk: prints the home of a JDK that has final FFM (feature release >= 22).
# Order: $UNBINDLAB_JAVA_HOME, $JAVA_HOME, Temurin 25 (this project's build JDK), then the
# newest JDK under /usr/lib/jvm (Debian's openjdk-25 on arm64 boards).

java_feature_release() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

find_ffm_jdk() {
  local candidate feature
  for candidate in "${UNBINDLAB_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-* \
                   $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    feature=$(java_feature_release "$candidate")
    if [[ ${feature:-0} =~ ^[0-9]+$ ]] && (( feature >= 22 )); then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
