#!/usr/bin/env python3
"""Build a hosting-scale tree from Debian's own nginx and php-fpm files.

    scripts/gen-hosting.py N DIR

writes DIR/tree, a sysroot as fpmlint reads it (`fpmlint DIR/tree`):

  etc/nginx/                  Debian's /etc/nginx (nginx-light), symbolic links copied as files
  etc/nginx/sites-available/siteK.example
                              Debian's sites-available/default, comments kept, made a
                              PHP site: its own server_name and root, the commented PHP
                              location enabled with `fastcgi_pass unix:/run/php/siteK.sock`
  etc/nginx/sites-enabled/siteK.example -> ../sites-available/siteK.example
  etc/php/8.2/fpm/            Debian's php-fpm.conf, php.ini and conf.d
  etc/php/8.2/fpm/pool.d/siteK.conf
                              Debian's pool.d/www.conf with its comments: pool [siteK],
                              user and group siteK, listen /run/php/siteK.sock,
                              socket owned by www-data (nginx's user)
  etc/passwd, etc/group       the machine's, plus the users siteK

and DIR/real, the same files for the real binaries: every absolute path (/etc,
/run, /var/log, /var/www) rewritten into DIR/real, as tests/oracle.rs does, and the
pool users given as numeric ids (php-fpm -t looks names up in the machine's
passwd). Timed by scripts/bench-hosting.py.
"""

import os
import re
import shutil
import sys

NGINX_ETC = "/etc/nginx"
FPM_ETC = "/etc/php/8.2/fpm"
UID_BASE = 20000


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site(default, k):
    """Debian's default site as the PHP site of siteK.example."""
    t = default.replace(" default_server", "")
    t = t.replace("server_name _;", f"server_name site{k}.example www.site{k}.example;")
    t = t.replace("root /var/www/html;", f"root /var/www/site{k}/public;")
    t = t.replace(
        "index index.html index.htm index.nginx-debian.html;",
        "index index.php index.html index.htm;",
    )
    # Enable the commented PHP location (unix socket) and the .ht denial.
    t = t.replace("\t#location ~ \\.php$ {", "\tlocation ~ \\.php$ {")
    t = t.replace("\t#\tinclude snippets/fastcgi-php.conf;", "\t\tinclude snippets/fastcgi-php.conf;")
    t = t.replace(
        "\t#\tfastcgi_pass unix:/run/php/php7.4-fpm.sock;",
        f"\t\tfastcgi_pass unix:/run/php/site{k}.sock;",
    )
    t = t.replace("\t#location ~ /\\.ht {", "\tlocation ~ /\\.ht {")
    t = t.replace("\t#\tdeny all;", "\t\tdeny all;")
    t = re.sub(r"\t#\}", "\t}", t, count=2)
    return t


def pool(www, k, user):
    t = www.replace("[www]", f"[site{k}]", 1)
    t = t.replace("\nuser = www-data", f"\nuser = {user}", 1)
    t = t.replace("\ngroup = www-data", f"\ngroup = {user}", 1)
    t = t.replace("\nlisten = /run/php/php8.2-fpm.sock", f"\nlisten = /run/php/site{k}.sock", 1)
    return t


def copy_tree(src, dst, rewrite):
    """Copy a directory, symbolic links followed, every file through rewrite()."""
    for dirpath, _, files in os.walk(src, followlinks=True):
        rel = os.path.relpath(dirpath, src)
        for name in files:
            s = os.path.join(dirpath, name)
            d = os.path.normpath(os.path.join(dst, rel, name))
            try:
                text = read(s)
            except (UnicodeDecodeError, FileNotFoundError):
                os.makedirs(os.path.dirname(d), exist_ok=True)
                shutil.copyfile(s, d)
                continue
            write(d, rewrite(text))


def build(n, root, real):
    """One tree under root; real: paths rewritten into root, numeric users."""
    prefix = root if real else ""

    def paths(text):
        if not real:
            return text
        for p in ("/etc/", "/run/", "/var/log/", "/var/www/"):
            text = text.replace(p, f"{root}{p}")
        # nginx resolves load_module against its prefix (-p).
        return text.replace("load_module modules/", "load_module /usr/lib/nginx/modules/")

    etc = os.path.join(root, "etc")
    copy_tree(NGINX_ETC, os.path.join(etc, "nginx"), paths)
    fpm = os.path.join(etc, "php/8.2/fpm")
    copy_tree(FPM_ETC, fpm, paths)
    os.makedirs(os.path.join(root, "run/php"), exist_ok=True)
    os.makedirs(os.path.join(root, "var/log/nginx"), exist_ok=True)
    default = read(os.path.join(NGINX_ETC, "sites-available/default"))
    www = read(os.path.join(FPM_ETC, "pool.d/www.conf"))
    avail = os.path.join(etc, "nginx/sites-available")
    enabled = os.path.join(etc, "nginx/sites-enabled")
    passwd, group = [], []
    for k in range(1, n + 1):
        name = f"site{k}.example"
        write(os.path.join(avail, name), paths(site(default, k)))
        os.symlink(f"../sites-available/{name}", os.path.join(enabled, name))
        user = str(UID_BASE + k) if real else f"site{k}"
        write(os.path.join(fpm, f"pool.d/site{k}.conf"), paths(pool(www, k, user)))
        passwd.append(f"site{k}:x:{UID_BASE + k}:{UID_BASE + k}::/var/www/site{k}:/usr/sbin/nologin\n")
        group.append(f"site{k}:x:{UID_BASE + k}:\n")
    # Debian's www pool stays: php-fpm's default socket, as on a fresh install.
    if not real:
        write(os.path.join(etc, "passwd"), read("/etc/passwd") + "".join(passwd))
        write(os.path.join(etc, "group"), read("/etc/group") + "".join(group))
    return prefix


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), os.path.abspath(sys.argv[2])
    for d in ("tree", "real"):
        if os.path.exists(os.path.join(out, d)):
            shutil.rmtree(os.path.join(out, d))
    build(n, os.path.join(out, "tree"), real=False)
    build(n, os.path.join(out, "real"), real=True)
    size = 0
    files = 0
    for dirpath, _, names in os.walk(os.path.join(out, "tree")):
        for name in names:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                size += os.path.getsize(p)
                files += 1
    print(f"{out}/tree: {n} sites, {n} pools, {files} files, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
