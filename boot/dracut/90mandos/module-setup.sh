#!/bin/bash
# dracut module for Mandos (sourced by dracut). With systemd in the initramfs, the
# ask-password-mandos units run password-agent, which answers systemd's password questions
# with what mandos-client fetches; without systemd, plugin-runner replaces dracut-crypt's
# ask_for_password. The client programs are one multi-call executable: each name is a hard
# link to one copy of it.
# shellcheck disable=SC2154 # initdir, moddir, systemdsystemunitdir, systemdutildir are dracut's

# The multiarch triplet (x86_64-linux-gnu): dpkg-architecture and gcc are build tools a client
# need not have, so it falls back on the directory of the C library ldconfig knows.
mandos_multiarch() {
    local m libc
    m=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null || :)
    if [ -z "$m" ]; then
        libc=$(ldconfig -p 2>/dev/null | awk '$1 == "libc.so.6" { print $NF; exit }')
        case "$libc" in
        */lib/*-*/libc.so.6) m=${libc%/libc.so.6}; m=${m##*/} ;;
        esac
    fi
    echo "$m"
}

mandos_libdir() {
    local d multiarch
    multiarch=$(mandos_multiarch)
    for d in /usr/lib ${multiarch:+"/usr/lib/$multiarch"} \
        "$(rpm --eval='%{_libdir}' 2>/dev/null)" /usr/lib64 /usr/local/lib; do
        if [ -n "$d" ] && [ -d "$d/mandos" ]; then
            echo "$d/mandos"
            return 0
        fi
    done
    return 1
}

mandos_keydir() {
    local d
    for d in /etc/keys/mandos /etc/mandos/keys; do
        if [ -d "$d" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

mandos_ids() {  # uid and gid of the unprivileged user
    { getent passwd _mandos || getent passwd nobody || echo ::65534:65534:::; } | cut -d: -f3,4 --output-delimiter=" "
}

check() {
    # the keys are built into the image: only for this host
    if [ "${hostonly:-no}" = no ]; then
        dwarning "Mandos: dracut is not in hostonly mode; not including Mandos (set hostonly=\"yes\" in /etc/dracut.conf.d/, or run dracut --hostonly)"
        return 1
    fi
    mandos_libdir > /dev/null || { dwarning "Mandos: no mandos library directory"; return 1; }
    mandos_keydir > /dev/null || { dwarning "Mandos: no key directory (/etc/keys/mandos)"; return 1; }
    return 0
}

depends() {
    echo crypt
}

installkernel() {
    # shellcheck disable=SC2283 # "=DIR" is instmods' argument for a kernel module directory
    instmods =drivers/net
    hostonly='' instmods ipv6
    local hook
    for hook in /etc/mandos/network-hooks.d/*; do
        case "${hook##*/}" in *[!A-Za-z0-9_.-]*) continue ;; esac
        # shellcheck disable=SC2015 # skip unless both hold
        [ -x "$hook" ] && [ ! -d "$hook" ] || continue
        MANDOSNETHOOKDIR=/etc/mandos/network-hooks.d MODE=modules VERBOSITY=0 "$hook" modules |
            while read -r module; do instmods "$module"; done
    done
}

# one copy of the multi-call executable, then a hard link per further name
mandos_inst_multicall() {  # SOURCE TARGET...
    local src=$1 first=$2 t
    shift 2
    inst "$src" "$first"
    # Never set-user-ID: whoever runs it keeps the ids they have (plugin-runner and
    # password-agent, run by root, give our plugins the ids they need).
    chmod u-s,g-s "${initdir}${first}"
    for t in "$@"; do
        mkdir -p "${initdir}${t%/*}"
        ln -f "${initdir}${first}" "${initdir}${t}"
    done
}

mandos_skipped() {
    case "$1" in *~ | .* | \#*\# | *.dpkg-old | *.dpkg-bak | *.dpkg-new | *.dpkg-divert | "*") return 0 ;; esac
    return 1
}

install() {
    local libdir keydir uid gid unit f base
    libdir=$(mandos_libdir)
    keydir=$(mandos_keydir)
    read -r uid gid < <(mandos_ids)
    chmod go+w,+t "${initdir}/tmp"
    unit="${systemdsystemunitdir}/ask-password-mandos.service"

    if dracut_module_included systemd; then
        # password-agent runs mandos-client with real ids unprivileged and effective ids root,
        # as a setuid program would run: the copy here carries no setuid bit.
        mandos_inst_multicall "$libdir/plugins.d/mandos-client" /lib/mandos/mandos-client /lib/mandos/password-agent
        inst_simple "$moddir/ask-password-mandos.service" "$unit"
        inst_simple "$moddir/ask-password-mandos.path" "${systemdsystemunitdir}/ask-password-mandos.path"
        inst_script "$moddir/mandos-generator.sh" "${systemdutildir}/system-generators/mandos-generator"
        mkdir -p "${initdir}${systemdsystemunitdir}/sysinit.target.wants"
        ln -sf ../ask-password-mandos.path "${initdir}${systemdsystemunitdir}/sysinit.target.wants/ask-password-mandos.path"
        if [ -d /etc/systemd/system/ask-password-mandos.service.d ]; then
            inst_multiple -o /etc/systemd/system/ask-password-mandos.service.d/*.conf
        fi
        [ "$uid" != 65534 ] && sed -i -e "s,^ExecStart=/lib/mandos/password-agent ,&--user=$uid ," "${initdir}${unit}"
        [ "$gid" != 65534 ] && sed -i -e "s,^ExecStart=/lib/mandos/password-agent ,&--group=$gid ," "${initdir}${unit}"
    else
        inst_hook cmdline 20 "$moddir/cmdline-mandos.sh"
        local names=(/lib/mandos/plugins.d/mandos-client)
        for f in "$libdir"/plugins.d/*; do
            base=${f##*/}
            mandos_skipped "$base" && continue
            # dracut's own askpass reads the console and the fifo; an administrator's plugin of
            # the same name replaces the packaged one
            case "$base" in askpass-fifo | mandos-client) continue ;; esac
            [ -e "/etc/mandos/plugins.d/$base" ] && continue
            if [ "$(readlink -f "$f")" = "$(readlink -f "$libdir/plugins.d/mandos-client")" ]; then
                names+=("/lib/mandos/plugins.d/$base")
            else
                inst "$f" "/lib/mandos/plugins.d/$base"
            fi
        done
        mandos_inst_multicall "$libdir/plugins.d/mandos-client" /lib/mandos/plugin-runner "${names[@]}"
        inst_simple /etc/mandos/plugin-runner.conf /etc/mandos/plugin-runner.conf 2>/dev/null \
            || { mkdir -p "${initdir}/etc/mandos"; : > "${initdir}/etc/mandos/plugin-runner.conf"; }
        f="${initdir}/etc/mandos/plugin-runner.conf"
        [ -s "$f" ] || echo > "$f"
        sed -i -e '1i--options-for=mandos-client:--pubkey=/etc/mandos/keys/pubkey.txt,--seckey=/etc/mandos/keys/seckey.txt,--tls-pubkey=/etc/mandos/keys/tls-pubkey.pem,--tls-privkey=/etc/mandos/keys/tls-privkey.pem' "$f"
        [ "$uid" != 65534 ] && sed -i -e "1i--userid=$uid" "$f"
        [ "$gid" != 65534 ] && sed -i -e "1i--groupid=$gid" "$f"
        chmod 0600 "$f"
        for f in /etc/mandos/plugins.d/* /etc/mandos/plugin-helpers/*; do
            [ -f "$f" ] || continue
            mandos_skipped "${f##*/}" && continue
            inst "$f" "/lib/mandos/${f#/etc/mandos/}"
        done
        # root's: nothing running as the unprivileged user may change what plugin-runner starts
        chown "0:$gid" "${initdir}/lib/mandos/plugins.d"
        chmod 0750 "${initdir}/lib/mandos/plugins.d"
    fi
    if [ -e "$libdir/plugin-helpers/mandos-client-iprouteadddel" ] && [ ! -e /etc/mandos/plugin-helpers/mandos-client-iprouteadddel ]; then
        mkdir -p "${initdir}/lib/mandos/plugin-helpers"
        ln -f "${initdir}/lib/mandos/$(dracut_module_included systemd && echo mandos-client || echo plugin-runner)" \
            "${initdir}/lib/mandos/plugin-helpers/mandos-client-iprouteadddel"
    fi
    # glibc dlopen()s libgcc_s for thread exit and cancellation; ldd never names it
    inst_libdir_file "libgcc_s.so*"

    for f in /etc/mandos/network-hooks.d/*; do
        base=${f##*/}
        case "$base" in "*" | *[!A-Za-z0-9_.-]*) continue ;; esac
        [ -d "$f" ] && continue
        inst "$f" "/lib/mandos/network-hooks.d/$base"
        [ -x "$f" ] || continue
        MANDOSNETHOOKDIR=/etc/mandos/network-hooks.d MODE=files VERBOSITY=0 "$f" files |
            while read -r file target; do
                [ -e "$file" ] || dwarning "Mandos: network hook $base needs $file, which does not exist"
                inst "$file" ${target:+"$target"}
            done
    done

    # the keys: the unprivileged user's alone
    mkdir -p "${initdir}/etc/mandos/keys"
    for f in "$keydir"/*; do
        [ -f "$f" ] || continue
        base=${f##*/}
        mandos_skipped "$base" && continue
        inst_simple "$f" "/etc/mandos/keys/$base"
        chown "$uid:$gid" "${initdir}/etc/mandos/keys/$base"
        chmod 0600 "${initdir}/etc/mandos/keys/$base"
        if [ "$base" = dhparams.pem ]; then
            if dracut_module_included systemd; then
                # shellcheck disable=SC2016 # $MANDOS_CLIENT_OPTIONS is the unit's, expanded by systemd
                sed -i -e '/^ExecStart/s/ \$MANDOS_CLIENT_OPTIONS/ --dh-params=\/etc\/mandos\/keys\/dhparams.pem&/' "${initdir}${unit}"
            else
                sed -i -e '1i--options-for=mandos-client:--dh-params=/etc/mandos/keys/dhparams.pem' "${initdir}/etc/mandos/plugin-runner.conf"
            fi
        fi
    done
    chown "$uid:$gid" "${initdir}/etc/mandos/keys"
    chmod 0700 "${initdir}/etc/mandos/keys"
}
