# A private CUPS scheduler for tests: its own config, spool and socket under $T, the
# cups-pdf virtual printer from Debian, stopped again by process id. The system's CUPS
# configuration is never touched. Jobs come out as PDFs in $HOME/PDF of the submitter.
cups_start() {
	C=$T/cups
	mkdir -p "$C/root" "$C/spool/tmp" "$C/cache" "$C/log" "$C/state"
	chmod 755 "$T" "$C" "$C"/*
	cat >"$C/cupsd.conf" <<CONF
Listen $C/cups.sock
LogLevel info
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
	cat >"$C/cups-files.conf" <<CONF
ServerRoot $C/root
RequestRoot $C/spool
TempDir $C/spool/tmp
CacheDir $C/cache
StateDir $C/state
ErrorLog $C/log/error_log
AccessLog $C/log/access_log
PageLog $C/log/page_log
Sandboxing Relaxed
CONF
	cupsd -f -c "$C/cupsd.conf" -s "$C/cups-files.conf" &
	CUPS_PID=$!
	export CUPS_SERVER="$C/cups.sock"
	i=0
	while [ ! -S "$C/cups.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	lpadmin -p WANGGE_PDF -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
}

cups_stop() {
	[ -n "${CUPS_PID:-}" ] && kill "$CUPS_PID" 2>/dev/null
	wait "$CUPS_PID" 2>/dev/null
	unset CUPS_SERVER CUPS_PID
}
