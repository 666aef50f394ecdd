#!/usr/bin/env bash
# audit.sh: `make audit`. Starts the demo newsroom on a free loopback port and
# checks its pages with
#   - the Nu Html Checker (vnu-jar, needs Java 11+): the markup is valid HTML;
#   - axe-core in headless Chromium (internal/e2e/axecheck): WCAG 2.x A and AA
#     and axe's best practices, with the pages' scripts run, and no
#     Content-Security-Policy violation;
#   - Lighthouse 12 (mobile, simulated throttling) in headless Chromium, after
#     the two above, on home, a section, an article, a tag, an author and
#     search results: accessibility, best practices and SEO must score 100
#     (the search results without the is-crawlable audit: they are noindex on
#     purpose) and performance at least 90, the median of three runs per page
#     (tools/audit/lighthouse-gate.js prints the scores and what fails; 18
#     runs, 4 to 6 minutes on two cores). Set BROADSHEET_AUDIT_LIGHTHOUSE_OUT
#     to a directory to keep Lighthouse's JSON reports.
# Pages for the first two: home, section, subsection, article (one with a comment thread too),
# tag, author, static page, search (form and results; through axe also with the suggestions open as you type), the phone menu open at 390 px (axe), a house ad's frame, the readers' sign-in,
# sign-up, forgotten-password and reply pages, a sign-up link opened in
# another browser (asking for a password), the 404 page, the newsroom
# login, and signed in: the dashboard, the article editor, the comment
# moderation queue, the ads list and an ad, the account page (with a sign-in provider) and the page
# that links that provider; the tips box (the form, and through the checker
# only: the receipt and the tipster's thread, which only a POST reaches, and
# the unlocked inbox, a tip and the access page). Exits 1 with a report if anything is found, 2 if the
# audit could not run. The checkers are pinned in tools/audit/package-lock.json
# and installed with `npm ci`; nothing here is needed to build or run
# Broadsheet. Set BROADSHEET_CHROMIUM to use another browser than
# /usr/bin/chromium.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
AUDIT=$ROOT/tools/audit
VNU=$AUDIT/node_modules/vnu-jar/build/dist/vnu.jar
AXE=$AUDIT/node_modules/axe-core/axe.min.js
LIGHTHOUSE=$AUDIT/node_modules/lighthouse/cli/index.js
GO=${GO:-go}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'audit: %s\n' "$*" >&2; exit 2; }

for tool in "$GO" java node npm curl; do
	command -v "$tool" >/dev/null || die "$tool is needed (see tools/audit/package.json and docs)"
done
CHROMIUM=${BROADSHEET_CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
	for c in /usr/bin/chromium chromium chromium-browser google-chrome; do
		if command -v "$c" >/dev/null; then CHROMIUM=$(command -v "$c"); break; fi
	done
fi
[ -n "$CHROMIUM" ] || die "no Chromium found; install chromium or set BROADSHEET_CHROMIUM"
export BROADSHEET_CHROMIUM=$CHROMIUM

WORK=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-audit.XXXXXX")
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

START=$(date +%s)

say "installing the checkers (npm ci in tools/audit)"
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime.
(cd "$AUDIT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) ||
	die "npm ci failed in tools/audit"
[ -f "$VNU" ] && [ -f "$AXE" ] && [ -f "$LIGHTHOUSE" ] || die "vnu.jar, axe.min.js or lighthouse missing after npm ci"

say "building broadsheet and axecheck"
"$GO" build -o "$WORK/broadsheet" ./cmd/broadsheet
"$GO" build -o "$WORK/axecheck" ./internal/e2e/axecheck

# A free port: pick one at random, and try another if the server cannot bind.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for attempt in 1 2 3 4 5; do
	PORT=$((20000 + RANDOM % 40000))
	port_free "$PORT" || continue
	BASE=http://127.0.0.1:$PORT
	say "starting the demo newsroom on $BASE"
	DATA=$WORK/data-$attempt
	"$WORK/broadsheet" serve --demo --data "$DATA" --addr "127.0.0.1:$PORT" \
		>"$WORK/server.out" 2>"$WORK/server.log" &
	SERVER_PID=$!
	for _ in $(seq 1 300); do
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
		if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then break; fi
		sleep 0.3
	done
	if kill -0 "$SERVER_PID" 2>/dev/null && curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then
		break
	fi
	kill "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=
	say "the server did not come up (attempt $attempt):"
	tail -n 5 "$WORK/server.out" "$WORK/server.log" >&2 || true
done
[ -n "$SERVER_PID" ] || die "could not start the server"

EMAIL=$(sed -n 's/^ *email: *//p' "$WORK/server.out" | sed -n '1p')
PASSWORD=$(sed -n 's/^ *password: *//p' "$WORK/server.out" | sed -n '1p')
[ -n "$EMAIL" ] && [ -n "$PASSWORD" ] || die "no admin credentials in the server's output: $(cat "$WORK/server.out")"

# fetch PATH FILE: save a page that must answer 200.
fetch() {
	local code
	code=$(curl -sS -o "$2" -w '%{http_code}' "$BASE$1") || die "GET $1 failed"
	[ "$code" = 200 ] || die "GET $1 answered $code, want 200"
}
# first PATTERN FILE: the first match of an extended regex in a file, read to
# the end (no early-closed pipe under pipefail).
first() { grep -oE "$1" "$2" | sed -n '1p' || true; }

say "finding pages to check"
fetch / "$WORK/home.html"
ARTICLE=$(first 'class="(lead|card)-title"><a href="/[^"]+"' "$WORK/home.html" | sed -E 's/.*href="//; s/"$//')
[ -n "$ARTICLE" ] || die "no article link on the home page"
fetch "$ARTICLE" "$WORK/article.html"
TAG=$(first 'href="/tag/[^"]+"' "$WORK/article.html" | sed -E 's/^href="//; s/"$//')
AUTHOR=$(first 'href="/author/[^"]+"' "$WORK/article.html" | sed -E 's/^href="//; s/"$//')
[ -n "$TAG" ] || die "no tag link on $ARTICLE"
[ -n "$AUTHOR" ] || die "no author link on $ARTICLE"
COMMENTED=$(first 'href="/[^"]*/night-trains-[^"]*"' "$WORK/home.html" | sed -E 's/^href="//; s/"$//')
[ -n "$COMMENTED" ] || die "no link to the demo's commented article on the home page"
fetch "$COMMENTED" "$WORK/commented.html"
ARTICLE_ID=$(first 'name="article_id" value="[0-9]+"' "$WORK/commented.html" | sed -E 's/.*value="//; s/"$//')
REPLY_TO=$(first 'data-reply="[0-9]+"' "$WORK/commented.html" | sed -E 's/.*="//; s/"$//')
[ -n "$ARTICLE_ID" ] && [ -n "$REPLY_TO" ] || die "no comment form or reply link on $COMMENTED"
SECTION=/news
SUBSECTION=/news/world
RESULTS=/search?q=lagos
PUBLIC=(/ "$SECTION" "$SUBSECTION" "$ARTICLE" "$COMMENTED" "$TAG" "$AUTHOR" /about /search "$RESULTS"
	/account/login /account/signup /account/forgot "/comments/new?article=$ARTICLE_ID&reply=$REPLY_TO" /newsroom/login /tips /contact /advertise /alerts)
# A sign-up link opened in another browser than the one that asked: the page
# then asks for a name and a password. The link comes from the server's log.
code=$(curl -sS -o /dev/null -w '%{http_code}' --data-urlencode "name=A new reader" \
	--data-urlencode "email=audit-reader@example.com" --data-urlencode "password=an audit password" "$BASE/account/signup")
[ "$code" = 200 ] || die "POST /account/signup answered $code, want 200"
VERIFY=
for _ in $(seq 1 40); do
	VERIFY=$(first '/account/verify\?token=[A-Za-z0-9_-]+' "$WORK/server.log")
	[ -n "$VERIFY" ] && break
	sleep 0.25
done
[ -n "$VERIFY" ] || die "no sign-up link in the server's log"
PUBLIC+=("$VERIFY")
for p in "${PUBLIC[@]}"; do fetch "$p" "$WORK/page.html"; done
grep -q 'name="password"' "$WORK/page.html" || die "the sign-up link opened elsewhere does not ask for a password"
# The search results (Lighthouse checks them too) must list demo articles.
fetch "$RESULTS" "$WORK/results.html"
grep -q 'class="card-title"><a href="/' "$WORK/results.html" || die "$RESULTS finds no article"
# News alerts: subscribe, confirm with the link from the log, and check the
# subscription's own pages (change, stop), which its links open.
code=$(curl -sS -o /dev/null -w '%{http_code}' --data-urlencode "email=audit-alerts@example.com" --data-urlencode "breaking=1" "$BASE/alerts")
[ "$code" = 200 ] || die "POST /alerts answered $code, want 200"
CONFIRM=
for _ in $(seq 1 40); do
	CONFIRM=$(first '/alerts/confirm\?token=[A-Za-z0-9_-]+' "$WORK/server.log")
	[ -n "$CONFIRM" ] && break
	sleep 0.25
done
[ -n "$CONFIRM" ] || die "no news alerts link in the server's log"
MANAGE=$(curl -sS -o /dev/null -w '%{redirect_url}' --data-urlencode "token=${CONFIRM#*token=}" "$BASE/alerts/confirm")
case $MANAGE in "$BASE"/alerts/manage\?*) MANAGE=${MANAGE#"$BASE"} ;; *) die "confirming news alerts led to '$MANAGE'" ;; esac
STOP=/alerts/unsubscribe?${MANAGE#*\?}
STOP=${STOP%&done=*}
for p in "$MANAGE" "$STOP"; do fetch "$p" "$WORK/page.html"; done
PUBLIC+=("$MANAGE" "$STOP")
# A house ad's frame: checked as HTML only (no script may run in it, axe's
# included); the pages that hold it are checked by both.
FRAME=/ads/slot/header
fetch "$FRAME" "$WORK/page.html"
grep -q 'class="ad-link' "$WORK/page.html" || die "the demo's header ad frame shows no ad"

MISSING=/no-such-page/at-all
code=$(curl -sS -o "$WORK/not-found.html" -w '%{http_code}' "$BASE$MISSING")
[ "$code" = 404 ] || die "GET $MISSING answered $code, want 404"

# The newsroom with curl: sign in, press "New article", keep the pages.
JAR=$WORK/cookies.txt
code=$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' \
	--data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/newsroom/login")
[ "$code" = 303 ] || [ "$code" = 302 ] || die "newsroom sign-in answered $code, want a redirect"
code=$(curl -sS -c "$JAR" -b "$JAR" -o "$WORK/newsroom-dashboard.html" -w '%{http_code}' "$BASE/newsroom")
[ "$code" = 200 ] || die "GET /newsroom answered $code after signing in"
CSRF=$(first 'name="csrf" value="[^"]+"' "$WORK/newsroom-dashboard.html" | sed -E 's/.*value="//; s/"$//')
[ -n "$CSRF" ] || die "no csrf field on the newsroom dashboard"
EDITOR_URL=$(curl -sS -c "$JAR" -b "$JAR" -L -o "$WORK/newsroom-editor.html" -w '%{url_effective} %{http_code}' \
	--data-urlencode "csrf=$CSRF" "$BASE/newsroom/articles")
case $EDITOR_URL in
"$BASE"/newsroom/articles/*" 200") EDITOR=${EDITOR_URL#"$BASE"}; EDITOR=${EDITOR% *} ;;
*) die "New article led to $EDITOR_URL, want an article's edit page" ;;
esac
grep -q 'data-editor' "$WORK/newsroom-editor.html" || die "$EDITOR has no editor textarea"
# A sign-in provider (nothing here talks to it), so that the account page
# lists it and the page that links it to the account can be checked.
code=$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$CSRF" \
	--data-urlencode "preset=other" --data-urlencode "id=audit-id" --data-urlencode "name=Audit ID" \
	--data-urlencode "issuer=https://id.example.com" --data-urlencode "client_id=audit" --data-urlencode "client_secret=audit-secret" \
	"$BASE/newsroom/settings/signin")
[ "$code" = 303 ] || die "adding a sign-in provider answered $code, want 303"
IDENTITY=/account/identities/audit-id/link
for p in /newsroom/comments /newsroom/messages /newsroom/alerts /newsroom/ads /newsroom/ads/1 /newsroom/media /newsroom/media/1 /account "$IDENTITY"; do
	code=$(curl -sS -c "$JAR" -b "$JAR" -o "$WORK/signed-in$(echo "$p" | tr / -).html" -w '%{http_code}' "$BASE$p")
	[ "$code" = 200 ] || die "GET $p answered $code after signing in"
done
grep -q 'Audit ID' "$WORK/signed-in-account.html" || die "the account page does not list the sign-in provider"

# The tips box: the admin opens it, a tipster sends a tip with a file and
# comes back with the receipt code, the admin reads it. Pages reached by a
# POST or an unlocked inbox are saved and given to the HTML checker.
TIPPASS="an audit tips passphrase"
code=$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$CSRF" \
	--data-urlencode "passphrase=$TIPPASS" --data-urlencode "passphrase_again=$TIPPASS" "$BASE/newsroom/tips/setup")
[ "$code" = 303 ] || die "setting up the tips box answered $code, want 303"
printf 'minutes of the meeting\n' >"$WORK/tip-file.txt"
code=$(curl -sS -o "$WORK/tip-receipt.html" -w '%{http_code}' -F "text=An audit tip" -F "name=A source" \
	-F "files=@$WORK/tip-file.txt;type=text/plain" "$BASE/tips")
[ "$code" = 200 ] || die "POST /tips answered $code, want 200"
TIPCODE=$(first 'class="receipt-code"><strong>[a-z ]+' "$WORK/tip-receipt.html" | sed -E 's/.*<strong>//')
[ -n "$TIPCODE" ] || die "no receipt code on the tip's receipt page"
code=$(curl -sS -o "$WORK/tip-thread.html" -w '%{http_code}' --data-urlencode "code=$TIPCODE" "$BASE/tips/thread")
[ "$code" = 200 ] || die "POST /tips/thread answered $code, want 200"
for p in /newsroom/tips /newsroom/tips/1 /newsroom/tips/access; do
	code=$(curl -sS -c "$JAR" -b "$JAR" -o "$WORK/signed-in$(echo "$p" | tr / -).html" -w '%{http_code}' "$BASE$p")
	[ "$code" = 200 ] || die "GET $p answered $code after setting up the tips box"
done
grep -q 'An audit tip' "$WORK/signed-in-newsroom-tips-1.html" || die "the newsroom cannot read the audit tip"

URLS=()
for p in "${PUBLIC[@]}" "$FRAME"; do URLS+=("$BASE$p"); done
IDENTITY_FILE=$WORK/signed-in$(echo "$IDENTITY" | tr / -).html
FILES=("$WORK/not-found.html" "$WORK/newsroom-dashboard.html" "$WORK/newsroom-editor.html" "$WORK/signed-in-newsroom-comments.html" "$WORK/signed-in-newsroom-messages.html" "$WORK/signed-in-newsroom-alerts.html" "$WORK/signed-in-newsroom-ads.html" "$WORK/signed-in-newsroom-ads-1.html" "$WORK/signed-in-newsroom-media.html" "$WORK/signed-in-newsroom-media-1.html" "$WORK/signed-in-account.html" "$IDENTITY_FILE"
	"$WORK/tip-receipt.html" "$WORK/tip-thread.html" "$WORK/signed-in-newsroom-tips.html" "$WORK/signed-in-newsroom-tips-1.html" "$WORK/signed-in-newsroom-tips-access.html")
PAGES=$((${#URLS[@]} + ${#FILES[@]}))

say "Nu Html Checker on $PAGES pages"
set +e
java -Dnu.validator.servlet.allow-forbidden-hosts=true -jar "$VNU" --errors-only --format gnu \
	"${URLS[@]}" "${FILES[@]}" >"$WORK/vnu.txt" 2>&1
VNU_RC=$?
set -e
# Name the saved files after the pages they came from.
sed -i -e "s|\"file:$WORK/not-found.html\"|$MISSING (404)|" \
	-e "s|\"file:$WORK/newsroom-dashboard.html\"|/newsroom (signed in)|" \
	-e "s|\"file:$WORK/newsroom-editor.html\"|$EDITOR (signed in)|" \
	-e "s|\"file:$WORK/signed-in-newsroom-comments.html\"|/newsroom/comments (signed in)|" \
	-e "s|\"file:$WORK/signed-in-account.html\"|/account (signed in)|" \
	-e "s|\"file:$WORK/signed-in-newsroom-messages.html\"|/newsroom/messages (signed in)|" \
	-e "s|\"file:$WORK/signed-in-newsroom-alerts.html\"|/newsroom/alerts (signed in)|" \
	-e "s|\"file:$WORK/signed-in-newsroom-ads\([^\"]*\).html\"|/newsroom/ads\1 (signed in)|" \
	-e "s|\"file:$IDENTITY_FILE\"|$IDENTITY (signed in)|" \
	-e "s|\"file:$WORK/tip-receipt.html\"|POST /tips|" \
	-e "s|\"file:$WORK/tip-thread.html\"|POST /tips/thread|" \
	-e "s|\"file:$WORK/signed-in-newsroom-tips\([^\"]*\).html\"|/newsroom/tips\1 (unlocked)|" \
	-e "s|\"$BASE\\([^\"]*\\)\"|\\1|" "$WORK/vnu.txt"
# With --errors-only, every line vnu prints is an error.
VNU_ERRORS=$(grep -c . "$WORK/vnu.txt" || true)
if [ "$VNU_RC" -ne 0 ] && [ "$VNU_ERRORS" -eq 0 ]; then VNU_ERRORS=1; fi
if [ "$VNU_ERRORS" -gt 0 ]; then
	cat "$WORK/vnu.txt"
else
	echo "ok    no HTML errors"
fi

say "axe-core in Chromium on $PAGES pages"
set +e
BROADSHEET_AUDIT_PASSWORD=$PASSWORD "$WORK/axecheck" -base "$BASE" -axe "$AXE" -email "$EMAIL" \
	"${PUBLIC[@]}" "/!suggest=lagos" "/!phone-menu" "$MISSING" /newsroom "$EDITOR" /newsroom/comments /newsroom/messages /newsroom/alerts /newsroom/ads /newsroom/ads/1 /account "$IDENTITY" /newsroom/tips /newsroom/tips/access | tee "$WORK/axe.txt"
AXE_RC=${PIPESTATUS[0]}
set -e
AXE_SUMMARY=$(grep '^axe: ' "$WORK/axe.txt" | tail -n 1)
AXE_VIOLATIONS=$(printf '%s' "$AXE_SUMMARY" | sed -nE 's/.*, ([0-9]+) violations.*/\1/p')
AXE_ELEMENTS=$(printf '%s' "$AXE_SUMMARY" | sed -nE 's/.* on ([0-9]+) elements.*/\1/p')
AXE_CSP=$(printf '%s' "$AXE_SUMMARY" | sed -nE 's/.*, ([0-9]+) CSP violations.*/\1/p')
if [ "$AXE_RC" -ge 2 ] || [ -z "$AXE_VIOLATIONS" ]; then
	die "axecheck could not run (exit $AXE_RC)"
fi

# Lighthouse 12 (mobile: its default form factor, with simulated throttling)
# on six public pages, one run after another (parallel runs skew the timings).
# The first round gathers every category; two more gather performance only,
# for a median of three performance scores. Each run starts its own Chromium
# with a fresh profile. Gates (tools/audit/lighthouse-gate.js): median
# performance >= 90; accessibility, best practices and SEO 100 (on the search
# results, which are noindex on purpose, without the is-crawlable audit).
# The demo's pictures get their variants (WebP and JPEG sizes, crops) from
# the job queue once the server is up; Lighthouse measures the site as
# readers get it, so it waits until "media verify" finds every file there
# (it reads the same database and folder while the server runs).
WAITED=$(date +%s)
until "$WORK/broadsheet" media verify --data "$DATA" >"$WORK/verify.out" 2>&1; do
	[ $(($(date +%s) - WAITED)) -lt 600 ] || die "the demo's picture variants were not all made in 10 minutes: $(tail -n 3 "$WORK/verify.out")"
	sleep 3
done
say "the demo's picture variants were all there after $(($(date +%s) - WAITED))s more"

LH_PAGES=(/ "$SECTION" "$ARTICLE" "$TAG" "$AUTHOR" "$RESULTS")
LH_ROUNDS=3
LH_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
LH_DIR=$WORK/lighthouse
mkdir -p "$LH_DIR"
LH_START=$(date +%s)
LH_REPORTS=()
for round in $(seq 1 "$LH_ROUNDS"); do
	only=()
	what="every category"
	if [ "$round" -gt 1 ]; then only=(--only-categories=performance); what="performance"; fi
	say "Lighthouse round $round/$LH_ROUNDS ($what) on ${#LH_PAGES[@]} pages"
	n=0
	for p in "${LH_PAGES[@]}"; do
		n=$((n + 1))
		out=$LH_DIR/page$n-round$round.json
		# A run that ends in a runtime error (the page's trace lost, say:
		# NO_NAVSTART, which Lighthouse asks to run again) is tried again.
		ran=
		for attempt in 1 2 3; do
			profile=$LH_DIR/profile-$n-$round-$attempt
			mkdir "$profile"
			if CHROME_PATH=$CHROMIUM node "$LIGHTHOUSE" "$BASE$p" "${only[@]}" --output=json --output-path="$out" \
				--quiet --disable-full-page-screenshot --chrome-flags="$LH_FLAGS --user-data-dir=$profile" \
				>"$LH_DIR/run.log" 2>&1; then
				ran=1
				break
			fi
			say "Lighthouse failed on $p (attempt $attempt): $(grep -m 1 . "$LH_DIR/run.log" || true)"
		done
		if [ -z "$ran" ]; then
			tail -n 20 "$LH_DIR/run.log" >&2
			die "Lighthouse could not run on $p (round $round, 3 attempts)"
		fi
		LH_REPORTS+=("$out")
	done
done
say "Lighthouse gate ($(($(date +%s) - LH_START))s of runs)"
set +e
node "$AUDIT/lighthouse-gate.js" --min-performance 90 --ignore "$RESULTS=is-crawlable" "${LH_REPORTS[@]}" | tee "$WORK/lighthouse.txt"
LH_RC=${PIPESTATUS[0]}
set -e
if [ -n "${BROADSHEET_AUDIT_LIGHTHOUSE_OUT:-}" ]; then
	mkdir -p "$BROADSHEET_AUDIT_LIGHTHOUSE_OUT" && cp "${LH_REPORTS[@]}" "$BROADSHEET_AUDIT_LIGHTHOUSE_OUT"/ &&
		say "Lighthouse reports kept in $BROADSHEET_AUDIT_LIGHTHOUSE_OUT"
fi
LH_FAILS=$(sed -nE 's/^lighthouse: .*, ([0-9]+) failing gates.*/\1/p' "$WORK/lighthouse.txt")
if [ "$LH_RC" -ge 2 ] || [ -z "$LH_FAILS" ]; then
	die "the Lighthouse gate could not read the reports (exit $LH_RC)"
fi

echo
echo "audit: $PAGES pages checked in $(($(date +%s) - START))s: $VNU_ERRORS HTML validator errors," \
	"$AXE_VIOLATIONS axe violations on ${AXE_ELEMENTS:-0} elements, ${AXE_CSP:-0} CSP violations," \
	"$LH_FAILS failing Lighthouse gates on ${#LH_PAGES[@]} pages"
if [ "$VNU_ERRORS" -gt 0 ] || [ "$AXE_RC" -ne 0 ] || [ "$LH_RC" -ne 0 ]; then
	exit 1
fi
