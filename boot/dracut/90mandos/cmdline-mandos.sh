#!/bin/sh
# dracut cmdline hook (initramfs without systemd): unless mandos=0/no/off, dracut-crypt's
# ask_for_password gets its passwords from plugin-runner instead of the console alone
# (plugin-runner's password-prompt and plymouth plugins still ask there, in parallel).
if getargbool 1 mandos && [ -e /lib/dracut-crypt-lib.sh ]; then
    cat >> /lib/dracut-crypt-lib.sh <<-"END"
	ask_for_password() {
	    local cmd= ply_cmd= tty_cmd= ply_prompt= tty_prompt= device= luksname= arg
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
	    # the device and the mapping name are the first two non-option words after the program
	    set -- $cmd
	    shift
	    for arg in "$@"; do
	        case "$arg" in
	        -*) ;;
	        *) if [ -z "$device" ]; then device=$arg; else luksname=$arg; break; fi ;;
	        esac
	    done
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
