#!/usr/bin/env bash
# Builds the binary packages of debian/control from what debian/manifest lists, into build/deb/
# (or $DEB_OUT), with dpkg-deb (no debhelper). Run by `make deb` after `make build`. An entry
# whose source is missing fails the build, naming the entry: a package never leaves out quietly
# what debian/manifest says it holds.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022
out=${DEB_OUT:-build/deb}          # the tests build their own copy elsewhere
stage=$out.stage
manifest=debian/manifest
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
arch=$(dpkg --print-architecture)

# The version: debian/changelog's, PROGRAM_VERSION+csN: the programs' own version (upstream's
# that they match) and the C# rebuild's release of it.
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
program_version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
if [ "${version%%+cs*}" != "$program_version" ]; then
  echo "make deb: debian/changelog is at $version but the programs are $program_version (Directory.Build.props): add a changelog entry" >&2
  exit 1
fi

# debian/control without its comment lines; stanza PACKAGE of it
control=$(grep -v '^#' debian/control)
stanza() { awk -v p="$1" 'BEGIN { RS = ""; ORS = "\n" } $0 ~ "(^|\n)Package: " p "(\n|$)" { print }' <<<"$control"; }
field() { sed -n "s/^$2: //p" <<<"$1"; }
packages=$(sed -n 's/^Package: //p' <<<"$control")

rm -rf "$stage" "$out"
mkdir -p "$out"
declare -A conffiles
missing=0
line_no=0
while read -r line; do
  line_no=$((line_no + 1))
  case "$line" in '' | '#'*) continue ;; esac
  read -r pkg kind mode dest src target extra <<<"$line"
  where="$manifest:$line_no"
  if [ -n "${extra:-}" ] || [ -z "${src:-}" ] || ! grep -qx "$pkg" <<<"$packages"; then
    echo "$where: bad entry (unknown package or wrong number of columns): $line" >&2
    exit 1
  fi
  dest=${dest//@MULTIARCH@/$multiarch}
  target=${target//@MULTIARCH@/$multiarch}
  root=$stage/$pkg
  if [ "$src" != - ] && [ ! -e "$src" ] && [ ! -L "$src" ]; then
    echo "$where: $pkg: $dest: its source $src does not exist (make build first?)" >&2
    missing=$((missing + 1))
    continue
  fi
  mkdir -p "$root$(dirname "$dest")"
  case "$kind" in
  file) install -m "$mode" "$src" "$root$dest" ;;
  gzip)
    gzip -9n <"$src" >"$root$dest"
    chmod "$mode" "$root$dest"
    ;;
  dir) install -d -m "$mode" "$root$dest" ;;
  link)
    [ -n "$target" ] || { echo "$where: a link needs a TARGET" >&2; exit 1; }
    ln -sfn "$target" "$root$dest"
    ;;
  *) echo "$where: unknown kind '$kind'" >&2; exit 1 ;;
  esac
  case "$dest" in /etc/*) [ "$kind" = file ] || [ "$kind" = gzip ] && conffiles[$pkg]+="$dest"$'\n' ;; esac
done <"$manifest"
if [ "$missing" -gt 0 ]; then
  echo "make deb: $missing manifest entries have no source (above); no package built" >&2
  rm -rf "$stage"
  exit 1
fi

# Shared-library dependencies of the ELF files in a staged package, as "libc6 (>= 2.34), ..."
shlibs() {
  local root=$1 elves=() f tmp
  while IFS= read -r -d '' f; do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && elves+=("$(realpath "$f")")
  done < <(find "$root" -type f -print0)
  [ ${#elves[@]} -gt 0 ] || return 0
  tmp=$(mktemp -d)
  mkdir "$tmp/debian"
  printf 'Source: shlibs\n\nPackage: shlibs\nArchitecture: any\n' >"$tmp/debian/control"
  # (its warning that the files are not under debian/PACKAGE/ is about debhelper's layout)
  (cd "$tmp" && dpkg-shlibdeps -O -e "${elves[@]}" 2> >(grep -v 'should already be installed' >&2)) |
    sed -n 's/^shlibs:Depends=//p'
  rm -rf "$tmp"
}

for pkg in $packages; do
  root=$stage/$pkg
  doc=$root/usr/share/doc/$pkg
  mkdir -p "$doc" "$root/DEBIAN"
  install -m 0644 debian/copyright "$doc/copyright"
  gzip -9n <debian/changelog >"$doc/changelog.gz"
  chmod 0644 "$doc/changelog.gz"
  for script in preinst postinst prerm postrm; do
    [ -f "debian/$pkg.$script" ] && install -m 0755 "debian/$pkg.$script" "$root/DEBIAN/$script"
  done
  [ -f "debian/$pkg.triggers" ] && install -m 0644 "debian/$pkg.triggers" "$root/DEBIAN/triggers"
  if [ -n "${conffiles[$pkg]:-}" ]; then
    printf '%s' "${conffiles[$pkg]}" >"$root/DEBIAN/conffiles"
  fi
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0r md5sum) >"$root/DEBIAN/md5sums"

  fields=$(stanza "$pkg")
  depends=$(field "$fields" Depends)
  libs=$(shlibs "$root")
  depends=$(printf '%s\n' "$libs" "$depends" | sed '/^$/d' | paste -sd, | sed 's/, */, /g')
  size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
  {
    echo "Package: $pkg"
    echo "Version: $version"
    echo "Architecture: $arch"
    echo "Maintainer: $(field "$control" Maintainer | head -n 1)"
    echo "Installed-Size: $size"
    [ -n "$depends" ] && echo "Depends: $depends"
    # the stanza's other fields, Description (with its continuation lines) last
    grep -v -E '^(Package|Depends): ' <<<"$fields" | sed '/^Description: /,$d'
    echo "Section: $(field "$control" Section | head -n 1)"
    echo "Priority: $(field "$control" Priority | head -n 1)"
    echo "Homepage: $(field "$control" Homepage | head -n 1)"
    sed -n '/^Description: /,$p' <<<"$fields"
  } >"$root/DEBIAN/control"
  dpkg-deb --root-owner-group --build "$root" "$out/${pkg}_${version}_$arch.deb" >/dev/null
  echo "make deb: $out/${pkg}_${version}_$arch.deb ($(stat -c %s "$out/${pkg}_${version}_$arch.deb") bytes, Depends: $depends)"
done
