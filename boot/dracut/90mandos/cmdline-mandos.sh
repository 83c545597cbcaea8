#!/bin/sh
# dracut cmdline hook (initramfs without systemd): unless mandos=0/no/off, dracut-crypt's
# ask_for_password gets its passwords from plugin-runner instead of the console alone
# (plugin-runner's password-prompt and plymouth plugins still ask there, in parallel);
# mandos=connect:ADDRESS:PORT makes mandos-client connect to that server (the network is
# dracut's: rd.neednet=1 ip=...).
if getargbool 1 mandos && [ -e /lib/dracut-crypt-lib.sh ]; then
    for mandos_option in $(getargs mandos= | tr , ' '); do
        case "$mandos_option" in
        connect:*:*)
            echo "--options-for=mandos-client:--connect=${mandos_option#connect:}" >>/etc/mandos/plugin-runner.conf
            ;;
        connect | off | 0 | no | 1 | yes | on) ;;
        *) warn "Mandos: bad option in kernel parameter mandos=: $mandos_option" ;;
        esac
    done
    unset mandos_option
    cat >> /lib/dracut-crypt-lib.sh <<-"END"
	ask_for_password() {
	    local cmd= ply_cmd= tty_cmd= ply_prompt= tty_prompt= device= luksname=
	    while [ $# -gt 0 ]; do
	        case "$1" in
	        --cmd) ply_cmd=$2; tty_cmd=$2; shift ;;
	        --ply-cmd) ply_cmd=$2; shift ;;
	        --tty-cmd) tty_cmd=$2; shift ;;
	        --prompt) ply_prompt=$2; tty_prompt=$2; shift ;;
	        --ply-prompt) ply_prompt=$2; shift ;;
	        --tty-prompt) tty_prompt=$2; shift ;;
	        --tries | --ply-tries | --tty-tries) shift ;;
	        esac
	        shift
	    done
	    cmd=${ply_cmd:-$tty_cmd}
	    # dracut's commands end with the device and the mapping name ("cryptsetup luksOpen
	    # -T1 DEVICE NAME"; the tty one has "-t SECONDS" before them)
	    set -- $cmd
	    while [ $# -gt 2 ]; do shift; done
	    device=${1:-}
	    luksname=${2:-}
	    set -- --config-file=/etc/mandos/plugin-runner.conf
	    [ -n "$tty_prompt" ] && set -- "$@" "--options-for=password-prompt:--prompt=$tty_prompt"
	    [ -n "$ply_prompt" ] && set -- "$@" "--options-for=plymouth:--prompt=$ply_prompt"
	    { flock -s 9
	      CRYPTTAB_SOURCE=$device cryptsource=$device CRYPTTAB_NAME=$luksname crypttarget=$luksname \
	          /lib/mandos/plugin-runner "$@" | $cmd
	    } 9> /.console_lock
	}
	END
fi
