#!/bin/sh
# Interim stand-in for plugin-runner, used by build.sh only while the multi-call executable
# does not act as plugin-runner yet: runs the mandos-client plugin (the multi-call
# executable) with the --options-for=mandos-client: and --global-options options of
# /conf/conf.d/mandos/plugin-runner.conf, as plugin-runner would, and passes on its stdout
# and exit status. No other plugin, no fallback prompt.
conf=/conf/conf.d/mandos/plugin-runner.conf
set --
for token in $(sed -e 's/#.*//' "$conf" 2> /dev/null); do
  case "$token" in
  --options-for=mandos-client:*) options=${token#--options-for=mandos-client:} ;;
  --global-options=*) options=${token#--global-options=} ;;
  *) continue ;;
  esac
  old_ifs=$IFS; IFS=,
  for o in $options; do set -- "$@" "$o"; done
  IFS=$old_ifs
done
MANDOSPLUGINHELPERDIR=/lib/mandos/plugin-helpers
export MANDOSPLUGINHELPERDIR
exec /lib/mandos/plugins.d/mandos-client "$@"
