#!/usr/bin/env bash
# Build the document collections that bench/sets/*.jsonl are written on, from Debian's packages.
#   bash bench/sets/make_collections.sh [DIR]      (default DIR: ./collections; needs root for apt-get)
# Each collection is a folder whose relative paths are the "docs" ids of its question sets:
#   python-rst        Python 3 documentation, reStructuredText sources (python3-doc, _sources/*.rst.txt -> *.rst)
#   debian-reference  the Debian Reference manual, HTML chapters (debian-reference-en)
#   git-doc           git's documentation, hard-wrapped AsciiDoc text (git-doc, *.txt)
#   sqlite            SQLite's HTML documentation (sqlite3-doc installs it in /usr/share/doc/sqlite3; changelog.html unzipped)
#   postgresql        PostgreSQL 15's HTML documentation (postgresql-doc-15), the *.html files of its html folder
#   rust-book         The Rust Programming Language, mdBook HTML (rust-doc), its chapters and appendices
#   debian-handbook   The Debian Administrator's Handbook, English HTML (debian-handbook)
#   apache-httpd      The Apache HTTP Server 2.4 manual, English HTML with its folders (apache2-doc)
#   nodejs            Node.js's API documentation, its Markdown sources (nodejs-doc, api/*.md and *.md.gz but all.md)
#   django            Django's documentation, Sphinx HTML with its folders (python-django-doc), the guides and reference
#   vim               Vim's help files, hard-wrapped plain text with Vim's help markup (vim-runtime, doc/*.txt)
#   zsh               the Z shell manual and FAQ, texi2html HTML (zsh-doc)
#   bash              the Bash reference manual and man page, two long HTML files (bash-doc)
#   sphinx            Sphinx's documentation, Sphinx HTML with its folders (sphinx-doc), without the code listings and indexes
#   postfix           the Postfix mail server's HTML documentation, README guides and manual pages (postfix-doc)
#   haproxy           HAProxy's three HTML manuals (haproxy-doc)
#   bind9             the BIND 9 Administrator Reference Manual, Sphinx HTML (bind9-doc, arm/*.html but genindex and search)
#   debian-policy     the Debian Policy Manual and its companion documents, hard-wrapped plain text (debian-policy, *.txt.gz)
#   borgbackup        BorgBackup's documentation, Sphinx HTML with its folders (borgbackup-doc), without search, genindex and book
#   mutt              the Mutt mail client's manual, one long hard-wrapped text file, and its PGP notes (mutt)
#   slrn              the slrn newsreader's manual, FAQ, functions and notes, hard-wrapped text with numbered headings (slrn)
#   cryptsetup        cryptsetup's FAQ (hard-wrapped Markdown) and Debian's notes on crypttab and keyscripts (cryptsetup)
#   cmake             CMake 3.25's documentation, Sphinx HTML with its folders (cmake-doc), without search and genindex
#   libvirt           libvirt's HTML documentation, 186 pages with their folders (libvirt-doc)
#   elinks            the ELinks browser's manual (HTML) and its hard-wrapped AsciiDoc text files (elinks-doc)
#   fetchmail         fetchmail's FAQ, features, design notes and to-do list, HTML (fetchmail)
#   apt               APT's user guide and offline guide (HTML, with their folders) and its Markdown protocol notes (apt-doc, apt)
#   golang            the Go 1.19 language specification, memory model and assembler guide, HTML (golang-1.19-doc)
set -euo pipefail
out="$(realpath -m "${1:-collections}")"
apt-get install -y -qq python3-doc debian-reference-en git-doc sqlite3-doc postgresql-doc-15 rust-doc debian-handbook apache2-doc \
    nodejs-doc python-django-doc vim-runtime zsh-doc bash-doc sphinx-doc postfix-doc haproxy-doc \
    bind9-doc debian-policy borgbackup-doc mutt slrn cryptsetup cmake-doc libvirt-doc elinks-doc fetchmail \
    apt-doc golang-1.19-doc >/dev/null
mkdir -p "$out"
rm -rf "$out/python-rst" "$out/debian-reference" "$out/git-doc" "$out/sqlite" "$out/postgresql" "$out/rust-book" \
    "$out/debian-handbook" "$out/apache-httpd" "$out/nodejs" "$out/django" "$out/vim" "$out/zsh" "$out/bash" "$out/sphinx" \
    "$out/postfix" "$out/haproxy" "$out/bind9" "$out/debian-policy" "$out/borgbackup" "$out/mutt" "$out/slrn" \
    "$out/cryptsetup" "$out/cmake" "$out/libvirt" "$out/elinks" "$out/fetchmail"
sources=/usr/share/doc/python3-doc/html/_sources
(cd "$sources" && find . -name '*.rst.txt' | while read -r file; do
    mkdir -p "$out/python-rst/$(dirname "$file")"
    cp "$file" "$out/python-rst/${file%.txt}"
done)
mkdir -p "$out/debian-reference" && cp -L /usr/share/debian-reference/*.en.html "$out/debian-reference/"
mkdir -p "$out/git-doc" && cp /usr/share/doc/git-doc/*.txt "$out/git-doc/"
mkdir -p "$out/sqlite" && cp -r /usr/share/doc/sqlite3/* "$out/sqlite/" && gunzip -f "$out/sqlite/changelog.html.gz"
mkdir -p "$out/postgresql" && cp -L /usr/share/doc/postgresql-doc-15/html/*.html "$out/postgresql/"
mkdir -p "$out/rust-book" && cp -L /usr/share/doc/rust-doc/html/book/ch*.html /usr/share/doc/rust-doc/html/book/appendix-*.html "$out/rust-book/"
mkdir -p "$out/debian-handbook" && cp -L /usr/share/doc/debian-handbook/html/en-US/*.html "$out/debian-handbook/"
(cd /usr/share/doc/apache2-doc/manual/en && find . -name '*.html' | while read -r file; do
    mkdir -p "$out/apache-httpd/$(dirname "$file")"
    cp -L "$file" "$out/apache-httpd/$file"
done)
mkdir -p "$out/nodejs"
for file in /usr/share/doc/nodejs/api/*.md /usr/share/doc/nodejs/api/*.md.gz; do
    name="$(basename "$file" .gz)"
    [ "$name" = all.md ] || gunzip -cf "$file" > "$out/nodejs/$name"
done
(cd /usr/share/doc/python-django-doc/html && find faq howto internals intro misc ref topics -name '*.html' | while read -r file; do
    mkdir -p "$out/django/$(dirname "$file")"
    cp -L "$file" "$out/django/$file"
done && cp -L glossary.html "$out/django/")
mkdir -p "$out/vim" && cp -L /usr/share/vim/vim9*/doc/*.txt "$out/vim/"
mkdir -p "$out/zsh" && cp -L /usr/share/doc/zsh-common/html/*.html "$out/zsh/"
mkdir -p "$out/bash" && cp -L /usr/share/doc/bash-doc/bash.html /usr/share/doc/bash-doc/bashref.html "$out/bash/"
(cd /usr/share/doc/sphinx-doc/html && find . -name '*.html' ! -path './_*' ! -name genindex.html ! -name search.html \
    ! -name py-modindex.html | while read -r file; do
    mkdir -p "$out/sphinx/$(dirname "$file")"
    cp -L "$file" "$out/sphinx/$file"
done)
mkdir -p "$out/postfix" && cp -L /usr/share/doc/postfix/html/*.html "$out/postfix/"
mkdir -p "$out/haproxy" && cp -L /usr/share/doc/haproxy/html/*.html "$out/haproxy/"
mkdir -p "$out/bind9" && (cd /usr/share/doc/bind9-doc/arm && for file in *.html; do
    case "$file" in genindex.html|search.html) ;; *) cp -L "$file" "$out/bind9/" ;; esac
done)
mkdir -p "$out/debian-policy"
for file in /usr/share/doc/debian-policy/*.txt.gz /usr/share/doc/debian-policy/fhs/*.txt.gz; do
    gunzip -c "$file" > "$out/debian-policy/$(basename "$file" .gz)"
done
(cd /usr/share/doc/borgbackup/html && find . -name '*.html' ! -path './_*' ! -name genindex.html ! -name search.html \
    ! -name book.html | while read -r file; do
    mkdir -p "$out/borgbackup/$(dirname "$file")"
    cp -L "$file" "$out/borgbackup/$file"
done)
mkdir -p "$out/mutt"
for file in /usr/share/doc/mutt/manual.txt.gz /usr/share/doc/mutt/PGP-Notes.txt.gz; do
    gunzip -c "$file" > "$out/mutt/$(basename "$file" .gz)"
done
mkdir -p "$out/slrn"
for name in manual.txt score.txt slrnfuns.txt FAQ FIRST_STEPS README.macros; do
    file=/usr/share/doc/slrn/$name
    if [ -f "$file.gz" ]; then gunzip -c "$file.gz"; else cat "$file"; fi > "$out/slrn/${name%.txt}.txt"
done
cp -L /usr/share/doc/slrn/README.SSL "$out/slrn/README.SSL.txt"
cp -L /usr/share/doc/slrn/README.multiuser "$out/slrn/README.multiuser.txt"
mkdir -p "$out/cryptsetup"
gunzip -c /usr/share/doc/cryptsetup/FAQ.md.gz > "$out/cryptsetup/FAQ.md"
gunzip -c /usr/share/doc/cryptsetup/README.md.gz > "$out/cryptsetup/README.md"
gunzip -c /usr/share/doc/cryptsetup/README.Debian.gz > "$out/cryptsetup/README.Debian.txt"
gunzip -c /usr/share/doc/cryptsetup/README.opensc.gz > "$out/cryptsetup/README.opensc.txt"
cp -L /usr/share/doc/cryptsetup/Keyring.txt /usr/share/doc/cryptsetup/LUKS2-locking.txt "$out/cryptsetup/"
for name in README.debug README.gnupg README.keyctl; do
    cp -L "/usr/share/doc/cryptsetup/$name" "$out/cryptsetup/$name.txt"
done
(cd /usr/share/doc/cmake-data/html && find . -name '*.html' ! -path './_*' ! -name genindex.html ! -name search.html \
    | while read -r file; do
    mkdir -p "$out/cmake/$(dirname "$file")"
    cp -L "$file" "$out/cmake/$file"
done)
(cd /usr/share/doc/libvirt-doc/html && find . -name '*.html' | while read -r file; do
    mkdir -p "$out/libvirt/$(dirname "$file")"
    cp -L "$file" "$out/libvirt/$file"
done)
mkdir -p "$out/elinks"
for file in /usr/share/doc/elinks/*.txt.gz; do
    gunzip -c "$file" > "$out/elinks/$(basename "$file" .gz)"
done
cp -L /usr/share/doc/elinks/{remote,marks,small,feedback}.txt /usr/share/doc/elinks/manual.html "$out/elinks/"
mkdir -p "$out/fetchmail" && cp -L /usr/share/doc/fetchmail/*.html "$out/fetchmail/"
mkdir -p "$out/apt/guide" "$out/apt/offline"
cp -L /usr/share/doc/apt-doc/guide.html/*.html "$out/apt/guide/"
cp -L /usr/share/doc/apt-doc/offline.html/*.html "$out/apt/offline/"
for file in /usr/share/doc/apt/*.md.gz; do
    gunzip -c "$file" > "$out/apt/$(basename "$file" .gz)"
done
cp -L /usr/share/doc/apt/*.md "$out/apt/"
mkdir -p "$out/golang" && cp -L /usr/share/doc/golang-1.19-doc/html/{asm,go_mem,go_spec}.html "$out/golang/"
echo "collections in $out: $(ls "$out" | tr '\n' ' ')"
