# bash completion for vendorscope                          -*- shell-script -*-
#
# Commands come from `vendorscope --help` and each command's options from
# `vendorscope help CMD`, read when completing: the program is the one list,
# so a new command or option completes without an edit here. Option values
# that are fixed words are listed below; anything else completes file names.
_vendorscope()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local vs=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]:-} words
	if [ "$COMP_CWORD" -eq 1 ]; then
		words=$("$vs" --help 2>/dev/null |
			awk '/^commands:/ { f = 1; next } f && NF == 0 { exit } f { print $1 }')
		mapfile -t COMPREPLY < <(compgen -W "$words help --help --version -V" -- "$cur")
		return
	fi
	if [ "$cmd" = help ] && [ "$COMP_CWORD" -eq 2 ]; then
		words=$("$vs" --help 2>/dev/null |
			awk '/^commands:/ { f = 1; next } f && NF == 0 { exit } f { print $1 }')
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return
	fi
	# A command's subcommands (db grant-sensor, surveys rm …): the
	# lower-case word after "vendorscope CMD" in its usage lines; file
	# names too when its first usage line has none there (surveys [DB]).
	if [ "$COMP_CWORD" -eq 2 ] && [[ $cur != -* ]]; then
		words=$("$vs" help "$cmd" 2>/dev/null | awk -v c="$cmd" 'NF == 0 { exit }
			{ for (i = 1; i < NF; i++) if ($i == "vendorscope" && $(i + 1) == c) {
				if ($(i + 2) ~ /^[a-z][a-z-]*$/) print $(i + 2)
				else if (NR == 1) print "-files"
			} }')
		if [ -n "$words" ]; then
			mapfile -t COMPREPLY < <(compgen -W "${words//-files/}" -- "$cur")
			if [[ $words == *-files* ]]; then
				mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
				compopt -o filenames 2>/dev/null
			fi
			return
		fi
	fi
	case $prev in
	--lang) words="da en" ;;
	--kind) words="hardware software" ;;
	--format)
		case $cmd in
		import) words="csv software winget dpkg rpm cyclonedx spdx zeek nmap arp-scan ip-neigh arp" ;;
		assets) words="text csv json html xlsx" ;;
		report) words="text csv json html xlsx" ;;
		status) words="text json" ;;
		*) words="text csv json" ;;
		esac ;;
	--set) words="in_service ordered replaced decommissioned exempt" ;;
	--strategy | --plan) words="immediate natural years: deadline: budget:" ;;
	--role) words="viewer editor admin" ;;
	--listen) words="127.0.0.1:8080 [::1]:8080" ;;
	--by)
		words="type department vendor maker brand model country chinese critical site kind product publisher" ;;
	esac
	if [ -n "${words:-}" ]; then
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		[[ ${COMPREPLY[0]:-} == *: ]] && compopt -o nospace 2>/dev/null
		return
	fi
	if [[ $cur == -* ]]; then
		words=$("$vs" help "$cmd" 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return
	fi
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	compopt -o filenames 2>/dev/null
}
complete -F _vendorscope vendorscope
