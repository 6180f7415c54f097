#!/usr/bin/env bash
# A real mail server on loopback for the email channel's tests: Postfix (SMTP :25, local delivery
# to ~/Maildir) and Dovecot (IMAP on 127.0.0.1:$CONVERSA_IMAP_PORT, plaintext auth, no TLS).
# Idempotent: installs only what is missing, rewrites its own config, (re)starts what is not running.
# Users: `support` (the brand's mailbox) and `customer` (the tests' customer), both @example.test.
# Needs root. Exits non-zero with a message saying what failed.
set -euo pipefail

IMAP_PORT="${CONVERSA_IMAP_PORT:-10143}"
SUPPORT_PASSWORD="${CONVERSA_SUPPORT_PASSWORD:-support-pass}"
CUSTOMER_PASSWORD="${CONVERSA_CUSTOMER_PASSWORD:-customer-pass}"
DOVECOT_CONF=/etc/dovecot/conversa.conf

fail() { echo "mail-server.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (installs packages, creates users, binds port 25)."

export DEBIAN_FRONTEND=noninteractive
need=()
command -v postfix >/dev/null 2>&1 || [ -x /usr/sbin/postfix ] || need+=(postfix)
[ -x /usr/sbin/dovecot ] && [ -e /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
if ((${#need[@]})); then
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string example.test" | debconf-set-selections
  apt-get update -qq || fail "apt-get update failed."
  apt-get install -y -qq "${need[@]}" >/dev/null || fail "could not install ${need[*]}."
fi

# Users with passwords (PAM checks them) and a Maildir each.
for pair in "support:$SUPPORT_PASSWORD" "customer:$CUSTOMER_PASSWORD"; do
  user="${pair%%:*}"
  id "$user" >/dev/null 2>&1 || useradd -m -s /usr/sbin/nologin "$user" || fail "could not create user $user."
  echo "$pair" | chpasswd || fail "could not set the password of $user."
  install -d -o "$user" -g "$user" -m 700 "/home/$user/Maildir" "/home/$user/Maildir/cur" "/home/$user/Maildir/new" "/home/$user/Maildir/tmp"
done

# Postfix: local delivery only, loopback only. Without chroot off and maillog_file, SMTP clients
# got no greeting on these machines.
postconf -e 'home_mailbox = Maildir/' 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' \
  'myhostname = mail.example.test' 'mydomain = example.test' \
  'mydestination = $myhostname, localhost.localdomain, localhost, example.test' \
  'mynetworks = 127.0.0.0/8 [::1]/128' 'smtpd_peername_lookup = no' \
  'smtp_dns_support_level = disabled' 'maillog_file = /var/log/postfix.log' \
  'relayhost =' 'mailbox_size_limit = 0' 'message_size_limit = 26214400' \
  || fail "postconf failed."
postconf -F 'smtp/inet/chroot = n' 'pickup/unix/chroot = n' 'cleanup/unix/chroot = n' 'qmgr/unix/chroot = n' \
  'smtp/unix/chroot = n' 'local/unix/chroot = n' || fail "postconf -F failed."
newaliases 2>/dev/null || true
if postfix status >/dev/null 2>&1; then
  postfix reload >/dev/null 2>&1 || fail "postfix reload failed; see /var/log/postfix.log."
else
  postfix start >/dev/null 2>&1 || fail "postfix start failed; see /var/log/postfix.log."
fi

# Dovecot with its own config file (the packaged conf.d is left alone).
install -d -m 755 /run/dovecot-conversa
cat >"$DOVECOT_CONF" <<EOF
# Written by scripts/mail-server.sh: IMAP for Conversa's tests, loopback only, no TLS.
protocols = imap
listen = 127.0.0.1
base_dir = /run/dovecot-conversa
instance_name = dovecot-conversa
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = pam
}
userdb {
  driver = passwd
}
mail_location = maildir:~/Maildir
mail_privileged_group = mail
log_path = /var/log/dovecot-conversa.log
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
if [ -f /run/dovecot-conversa/master.pid ] && kill -0 "$(cat /run/dovecot-conversa/master.pid)" 2>/dev/null; then
  doveadm -c "$DOVECOT_CONF" reload >/dev/null 2>&1 || fail "dovecot reload failed; see /var/log/dovecot-conversa.log."
else
  dovecot -c "$DOVECOT_CONF" || fail "dovecot did not start; see /var/log/dovecot-conversa.log."
fi

# Wait until both answer with a greeting.
greets() { # host port prefix
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" && IFS= read -r -t 3 line <&3 && [[ $line == "$2"* ]]' "$1" "$2" "$3" 2>/dev/null
}
ok_smtp=0 ok_imap=0
for _ in $(seq 1 30); do
  [ $ok_smtp = 1 ] || { greets 127.0.0.1 25 '220' && ok_smtp=1; }
  [ $ok_imap = 1 ] || { greets 127.0.0.1 "$IMAP_PORT" '* OK' && ok_imap=1; }
  [ $ok_smtp = 1 ] && [ $ok_imap = 1 ] && break
  sleep 1
done
[ $ok_smtp = 1 ] || fail "Postfix does not answer on 127.0.0.1:25; see /var/log/postfix.log."
[ $ok_imap = 1 ] || fail "Dovecot does not answer on 127.0.0.1:$IMAP_PORT; see /var/log/dovecot-conversa.log."
echo "mail-server.sh: SMTP on 127.0.0.1:25, IMAP on 127.0.0.1:$IMAP_PORT; users support@example.test, customer@example.test."
