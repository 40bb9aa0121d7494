//! The directive table: every directive of nginx's core and standard modules
//! (http, stream, mail, events) and of the modules Debian packages for nginx
//! (nginx-light/core/full/extras and the libnginx-mod-* packages), with the
//! contexts each is allowed in, its argument count and the type of its value
//! when nginx parses it with one of its generic slot handlers.
//!
//! The facts come from each module's `ngx_command_t` table. The baseline is
//! nginx 1.22 (Debian 12); directives added by later nginx releases carry the
//! version that added them.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A context a directive can appear in: nginx's `NGX_*_CONF` bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Main,
    Events,
    Http,
    HttpServer,
    HttpLocation,
    /// `if` inside a `server`.
    HttpServerIf,
    /// `if` inside a `location`.
    HttpLocationIf,
    LimitExcept,
    HttpUpstream,
    Stream,
    StreamServer,
    StreamUpstream,
    Mail,
    MailServer,
    Rtmp,
    RtmpServer,
    RtmpApplication,
    RtmpRecorder,
}

pub const MAIN: u32 = 1 << 0;
pub const EVENTS: u32 = 1 << 1;
pub const HTTP: u32 = 1 << 2;
pub const HTTP_SRV: u32 = 1 << 3;
pub const HTTP_LOC: u32 = 1 << 4;
pub const HTTP_SIF: u32 = 1 << 5;
pub const HTTP_LIF: u32 = 1 << 6;
pub const HTTP_LMT: u32 = 1 << 7;
pub const HTTP_UPS: u32 = 1 << 8;
pub const STREAM: u32 = 1 << 9;
pub const STREAM_SRV: u32 = 1 << 10;
pub const STREAM_UPS: u32 = 1 << 11;
pub const MAIL: u32 = 1 << 12;
pub const MAIL_SRV: u32 = 1 << 13;
pub const RTMP: u32 = 1 << 14;
pub const RTMP_SRV: u32 = 1 << 15;
pub const RTMP_APP: u32 = 1 << 16;
pub const RTMP_REC: u32 = 1 << 17;
/// `NGX_ANY_CONF`: anywhere (`include`).
pub const ANY: u32 = u32::MAX;

impl Context {
    pub const ALL: [Context; 18] = [
        Context::Main,
        Context::Events,
        Context::Http,
        Context::HttpServer,
        Context::HttpLocation,
        Context::HttpServerIf,
        Context::HttpLocationIf,
        Context::LimitExcept,
        Context::HttpUpstream,
        Context::Stream,
        Context::StreamServer,
        Context::StreamUpstream,
        Context::Mail,
        Context::MailServer,
        Context::Rtmp,
        Context::RtmpServer,
        Context::RtmpApplication,
        Context::RtmpRecorder,
    ];

    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// How nginx's documentation names the context.
    pub fn describe(self) -> &'static str {
        match self {
            Context::Main => "the main context",
            Context::Events => "events",
            Context::Http => "http",
            Context::HttpServer => "server",
            Context::HttpLocation => "location",
            Context::HttpServerIf => "if in server",
            Context::HttpLocationIf => "if in location",
            Context::LimitExcept => "limit_except",
            Context::HttpUpstream => "upstream",
            Context::Stream => "stream",
            Context::StreamServer => "stream server",
            Context::StreamUpstream => "stream upstream",
            Context::Mail => "mail",
            Context::MailServer => "mail server",
            Context::Rtmp => "rtmp",
            Context::RtmpServer => "rtmp server",
            Context::RtmpApplication => "rtmp application",
            Context::RtmpRecorder => "rtmp recorder",
        }
    }
}

/// What the body of a block holds, given the context the block opens in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// Directives of this context.
    Directives(Context),
    /// Data read by the block's own handler (`map`, `geo`, `types`,
    /// `split_clients`, `charset_map`, `geoip2`), or raw code (`*_by_lua_block`):
    /// never directives.
    Data,
}

/// The body of the block `name` opens in `parent`, for a block directive that is
/// allowed there.
pub fn block_body(parent: Context, name: &str) -> Body {
    use Context::*;
    let ctx = match (parent, name) {
        (Main, "events") => Events,
        (Main, "http") => Http,
        (Main, "stream") => Stream,
        (Main, "mail") => Mail,
        (Main, "rtmp") => Rtmp,
        (Http, "server") => HttpServer,
        (Http, "upstream") => HttpUpstream,
        (Stream, "server") => StreamServer,
        (Stream, "upstream") => StreamUpstream,
        (Mail, "server") => MailServer,
        (Rtmp, "server") => RtmpServer,
        (HttpServer | HttpLocation, "location") => HttpLocation,
        (HttpServer, "if") => HttpServerIf,
        (HttpLocation, "if") => HttpLocationIf,
        (HttpLocation, "limit_except") => LimitExcept,
        (RtmpServer, "application") => RtmpApplication,
        (RtmpApplication, "recorder") => RtmpRecorder,
        _ => return Body::Data,
    };
    Body::Directives(ctx)
}

/// The argument count rule: nginx's `NGX_CONF_*` bits.
pub const NOARGS: u32 = 0x1;
pub const TAKE1: u32 = 0x2;
pub const TAKE2: u32 = 0x4;
pub const TAKE3: u32 = 0x8;
pub const TAKE4: u32 = 0x10;
pub const TAKE5: u32 = 0x20;
pub const TAKE6: u32 = 0x40;
pub const TAKE7: u32 = 0x80;
pub const BLOCK: u32 = 0x100;
pub const FLAG: u32 = 0x200;
/// `NGX_CONF_ANY`: any number of arguments.
pub const ARGS_ANY: u32 = 0x400;
/// `NGX_CONF_1MORE`.
pub const MORE1: u32 = 0x800;
/// `NGX_CONF_2MORE`.
pub const MORE2: u32 = 0x1000;
/// `NGX_CONF_MAX_ARGS`: the most tokens (name included) a TAKEn directive takes.
pub const MAX_ARGS: usize = 8;

/// How nginx parses the value, for the generic slot handlers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A custom handler, strings, paths, enums...: not checked here.
    Any,
    /// `ngx_conf_set_flag_slot`: `on` or `off`.
    Flag,
    /// `ngx_conf_set_size_slot`: `ngx_parse_size` (k, m; no g).
    Size,
    /// A size that may also hold variables (checked when it has none).
    SizeOrVariable,
    /// `ngx_conf_set_off_slot`: `ngx_parse_offset` (k, m, g).
    Offset,
    /// `ngx_conf_set_msec_slot`: `ngx_parse_time(value, 0)`.
    Msec,
    /// `ngx_conf_set_sec_slot`: `ngx_parse_time(value, 1)`.
    Sec,
    /// `ngx_conf_set_bufs_slot`: a count and a size.
    Bufs,
    /// `ngx_conf_set_num_slot`: `ngx_atoi`.
    Num,
}

/// One entry of a module's command table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: &'static str,
    /// Context bits (`MAIN`, `HTTP`, `HTTP_SRV`, ...).
    pub contexts: u32,
    /// Argument bits (`NOARGS`, `TAKE1`..`TAKE7`, `FLAG`, `MORE1`, `MORE2`, `ARGS_ANY`, `BLOCK`).
    pub args: u32,
    pub value: Value,
    /// The nginx module (`ngx_http_fastcgi_module`) or the Debian package of a
    /// third-party module (`libnginx-mod-http-lua`).
    pub module: &'static str,
    /// The nginx release that added it, when later than 1.22.
    pub since: Option<&'static str>,
    /// The nginx release that removed it, when later than 1.22.
    pub removed: Option<&'static str>,
}

const fn d(
    name: &'static str,
    contexts: u32,
    args: u32,
    value: Value,
    module: &'static str,
) -> Directive {
    Directive {
        name,
        contexts,
        args,
        value,
        module,
        since: None,
        removed: None,
    }
}

impl Directive {
    const fn since(mut self, v: &'static str) -> Directive {
        self.since = Some(v);
        self
    }
    const fn removed(mut self, v: &'static str) -> Directive {
        self.removed = Some(v);
        self
    }

    pub fn allowed_in(&self, ctx: Context) -> bool {
        self.contexts & ctx.bit() != 0
    }

    pub fn is_block(&self) -> bool {
        self.args & BLOCK != 0
    }

    /// True when a third-party module (a Debian libnginx-mod-* package) provides it.
    pub fn third_party(&self) -> bool {
        self.module.starts_with("libnginx-mod-")
    }

    /// `ngx_conf_handler`'s argument count check; `nargs` counts the arguments
    /// after the name.
    pub fn arity_ok(&self, nargs: usize) -> bool {
        let a = self.args;
        if a & ARGS_ANY != 0 {
            true
        } else if a & FLAG != 0 {
            nargs == 1
        } else if a & MORE1 != 0 {
            nargs >= 1
        } else if a & MORE2 != 0 {
            nargs >= 2
        } else if nargs + 1 > MAX_ARGS {
            false
        } else {
            a & (1 << nargs) != 0
        }
    }

    /// What the argument count rule asks for, in words.
    pub fn arity_text(&self) -> String {
        let a = self.args;
        if a & ARGS_ANY != 0 {
            return "any number of arguments".into();
        }
        if a & FLAG != 0 {
            return "exactly one argument, on or off".into();
        }
        if a & MORE1 != 0 {
            return "one argument or more".into();
        }
        if a & MORE2 != 0 {
            return "two arguments or more".into();
        }
        let counts: Vec<usize> = (0..MAX_ARGS).filter(|n| a & (1 << n) != 0).collect();
        let word = |n: usize| match n {
            0 => "no arguments".to_string(),
            1 => "1 argument".to_string(),
            n => format!("{n} arguments"),
        };
        match counts.as_slice() {
            [] => "no arguments".into(),
            [n] if *n == 0 => "no arguments".into(),
            [n] => format!("exactly {}", word(*n)),
            [init @ .., last] => {
                let nums: Vec<String> = init.iter().map(|n| n.to_string()).collect();
                format!("{} or {} arguments", nums.join(", "), last)
            }
        }
    }

    /// The contexts it is allowed in, in words.
    pub fn contexts_text(&self) -> String {
        if self.contexts == ANY {
            return "any context".into();
        }
        let v: Vec<&str> = Context::ALL
            .iter()
            .filter(|c| self.allowed_in(**c))
            .map(|c| c.describe())
            .collect();
        v.join(", ")
    }
}

/// Directives whose own handler (not a generic slot) refuses a second occurrence
/// in one block with `"NAME" directive is duplicate`, read from their handlers in
/// nginx 1.22 (`ngx_http_core_root`, `ngx_http_core_try_files`,
/// `ngx_http_fastcgi_pass`, `ngx_set_user`, `ngx_http_core_resolver`...) and each
/// checked with `nginx -t`. Directives that may repeat (`index`, `listen`,
/// `server_name`, `fastcgi_param`, `add_header`, `access_log`, `error_log`,
/// `error_page`, `ssl_certificate`, `return`, `rewrite`, `allow`, `deny`,
/// `fastcgi_split_path_info`, `fastcgi_next_upstream`...) are not here.
const ONCE_CUSTOM: &[&str] = &[
    "alias",
    "auth_basic",
    "auth_basic_user_file",
    "charset",
    "default_type",
    "expires",
    "fastcgi_cache",
    "fastcgi_cache_key",
    "fastcgi_index",
    "fastcgi_pass",
    "grpc_pass",
    "internal",
    "keepalive_timeout",
    "open_file_cache",
    "pid",
    "proxy_http_version",
    "proxy_pass",
    "resolver",
    "root",
    "satisfy",
    "scgi_pass",
    "server_tokens",
    "try_files",
    "user",
    "uwsgi_pass",
    "worker_processes",
];

impl Directive {
    /// True when nginx refuses this directive twice in one block
    /// (`"NAME" directive is duplicate`): every directive read by a generic slot
    /// handler with a typed value (`ngx_conf_set_flag_slot`, `_size_slot`,
    /// `_off_slot`, `_msec_slot`, `_sec_slot`, `_bufs_slot`, `_num_slot` and the
    /// complex-value size slot all return "is duplicate" when the field is already
    /// set), and the handlers of [`ONCE_CUSTOM`].
    pub fn once(&self) -> bool {
        match self.value {
            Value::Flag
            | Value::Size
            | Value::SizeOrVariable
            | Value::Offset
            | Value::Msec
            | Value::Sec
            | Value::Bufs
            | Value::Num => true,
            Value::Any => ONCE_CUSTOM.contains(&self.name),
        }
    }
}

/// The shared object a Debian libnginx-mod-* package loads
/// (`libnginx-mod-http-lua`: `ngx_http_lua_module.so`).
pub fn debian_module_object(package: &str) -> Option<String> {
    let stem = package.strip_prefix("libnginx-mod-")?;
    Some(match stem {
        "http-ndk" => "ndk_http_module.so".into(),
        _ => format!("ngx_{}_module.so", stem.replace('-', "_")),
    })
}

/// nginx's own modules that Debian and nginx.org's packages (the official
/// image) build as dynamic modules, with their Debian packages.
const DYNAMIC_OWN: &[(&str, &str)] = &[
    ("ngx_http_geoip_module", "libnginx-mod-http-geoip"),
    ("ngx_stream_geoip_module", "libnginx-mod-stream-geoip"),
    (
        "ngx_http_image_filter_module",
        "libnginx-mod-http-image-filter",
    ),
    (
        "ngx_http_xslt_filter_module",
        "libnginx-mod-http-xslt-filter",
    ),
    ("ngx_http_perl_module", "libnginx-mod-http-perl"),
];

/// [`dynamic_module`] for Debian's build, which also makes the stream and mail
/// modules dynamic (`--with-stream=dynamic --with-mail=dynamic`): their
/// `stream` and `mail` blocks exist only once ngx_stream_module.so or
/// ngx_mail_module.so is loaded.
pub fn debian_dynamic_module(d: &Directive) -> Option<(String, &'static str)> {
    match d.module {
        "ngx_stream" => Some(("ngx_stream_module.so".into(), "libnginx-mod-stream")),
        "ngx_mail" => Some(("ngx_mail_module.so".into(), "libnginx-mod-mail")),
        _ => dynamic_module(d),
    }
}

/// The shared object that must be loaded (`load_module`) for `d` to exist,
/// with its Debian package: a third-party module's, or one of nginx's own
/// that the packages build as dynamic modules. None: built into nginx.
pub fn dynamic_module(d: &Directive) -> Option<(String, &'static str)> {
    if d.third_party() {
        return Some((debian_module_object(d.module)?, d.module));
    }
    DYNAMIC_OWN
        .iter()
        .find(|(m, _)| *m == d.module)
        .map(|(m, pkg)| (format!("{m}.so"), *pkg))
}

/// An nginx release (`1.26`, `1.25.1`) as numbers; None when not one.
pub fn parse_version(v: &str) -> Option<Vec<u32>> {
    let parts: Option<Vec<u32>> = v.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| (2..=3).contains(&p.len()))
}

/// True when the release `target` has what nginx `since` added. A target
/// without a patch number (`1.25`, an image tag's series) is read as its
/// newest release.
pub fn has_since(target: &str, since: &str) -> Option<bool> {
    let t = parse_version(target)?;
    let s = parse_version(since)?;
    let t3 = [t[0], t[1], t.get(2).copied().unwrap_or(u32::MAX)];
    let s3 = [s[0], s[1], s.get(2).copied().unwrap_or(0)];
    Some(t3 >= s3)
}

/// Every entry with that name (one per module that declares it).
pub fn lookup(name: &str) -> &'static [&'static Directive] {
    index().get(name).map(Vec::as_slice).unwrap_or(&[])
}

/// Every directive name, once each.
pub fn names() -> impl Iterator<Item = &'static str> {
    index().keys().copied()
}

/// By name, with a fast hash: every directive of every tree is looked up here,
/// by several rules. (Fixed seed: the keys are the table's own names.)
type Index = HashMap<&'static str, Vec<&'static Directive>, foldhash::fast::FixedState>;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = Index::default();
        for d in DIRECTIVES {
            m.entry(d.name).or_default().push(d);
        }
        m
    })
}

use Value::{Any, Bufs, Flag, Msec, Num, Offset, Sec, Size, SizeOrVariable};

/// The table, sorted by name. `max_headers` carries no version: Debian 12 backported
/// it to its nginx 1.22.1 (1.22.1-9+deb12u10).
#[rustfmt::skip]
pub static DIRECTIVES: &[Directive] = &[
    d("absolute_redirect", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("accept_mutex", EVENTS, FLAG, Flag, "ngx_event"),
    d("accept_mutex_delay", EVENTS, TAKE1, Msec, "ngx_event"),
    d("access_by_lua", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("access_by_lua_block", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("access_by_lua_file", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("access_by_lua_no_postpone", HTTP, FLAG, Flag, "libnginx-mod-http-lua"),
    d("access_log", RTMP|RTMP_SRV|RTMP_APP, TAKE1|TAKE2, Any, "libnginx-mod-rtmp"),
    d("access_log", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF|HTTP_LMT, MORE1, Any, "ngx_http_log_module"),
    d("access_log", STREAM|STREAM_SRV, MORE1, Any, "ngx_stream_log_module"),
    d("ack_window", RTMP|RTMP_SRV, TAKE1, Num, "libnginx-mod-rtmp"),
    d("add_after_body", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_addition_filter_module"),
    d("add_before_body", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_addition_filter_module"),
    d("add_header", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE2|TAKE3, Any, "ngx_http_headers_filter_module"),
    d("add_header_inherit", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_headers_filter_module").since("1.29.3"),
    d("add_trailer", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE2|TAKE3, Any, "ngx_http_headers_filter_module"),
    d("add_trailer_inherit", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_headers_filter_module").since("1.29.3"),
    d("addition_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_addition_filter_module"),
    d("aio", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("aio_write", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("alias", HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("allow", RTMP|RTMP_SRV|RTMP_APP, TAKE1|TAKE2, Any, "libnginx-mod-rtmp"),
    d("allow", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LMT, TAKE1, Any, "ngx_http_access_module"),
    d("allow", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_access_module"),
    d("ancient_browser", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_browser_module"),
    d("ancient_browser_value", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_browser_module"),
    d("application", RTMP_SRV, TAKE1|BLOCK, Any, "libnginx-mod-rtmp"),
    d("auth_basic", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LMT, TAKE1, Any, "ngx_http_auth_basic_module"),
    d("auth_basic_user_file", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LMT, TAKE1, Any, "ngx_http_auth_basic_module"),
    d("auth_delay", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module"),
    d("auth_http", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_auth_http_module"),
    d("auth_http_header", MAIL|MAIL_SRV, TAKE2, Any, "ngx_mail_auth_http_module"),
    d("auth_http_pass_client_cert", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_auth_http_module"),
    d("auth_http_timeout", MAIL|MAIL_SRV, TAKE1, Msec, "ngx_mail_auth_http_module"),
    d("auth_pam", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LMT, TAKE1, Any, "libnginx-mod-http-auth-pam"),
    d("auth_pam_service_name", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LMT, TAKE1, Any, "libnginx-mod-http-auth-pam"),
    d("auth_pam_set_pam_env", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LMT, FLAG, Flag, "libnginx-mod-http-auth-pam"),
    d("auth_request", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_auth_request_module"),
    d("auth_request_set", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_auth_request_module"),
    d("autoindex", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_autoindex_module"),
    d("autoindex_exact_size", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_autoindex_module"),
    d("autoindex_format", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_autoindex_module"),
    d("autoindex_localtime", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_autoindex_module"),
    d("balancer_by_lua_block", HTTP_UPS, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("balancer_by_lua_file", HTTP_UPS, TAKE1, Any, "libnginx-mod-http-lua"),
    d("balancer_keepalive", HTTP_UPS, TAKE1, Any, "libnginx-mod-http-lua"),
    d("body_filter_by_lua", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("body_filter_by_lua_block", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("body_filter_by_lua_file", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("break", HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, NOARGS, Any, "ngx_http_rewrite_module"),
    d("brotli", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-brotli-filter"),
    d("brotli_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "libnginx-mod-http-brotli-filter"),
    d("brotli_comp_level", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-http-brotli-filter"),
    d("brotli_min_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "libnginx-mod-http-brotli-filter"),
    d("brotli_static", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-brotli-static"),
    d("brotli_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-brotli-filter"),
    d("brotli_window", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "libnginx-mod-http-brotli-filter"),
    d("buffer", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("buflen", RTMP|RTMP_SRV, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("busy", RTMP|RTMP_SRV, TAKE1, Any, "libnginx-mod-rtmp"),
    d("charset", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_charset_filter_module"),
    d("charset_map", HTTP, TAKE2|BLOCK, Any, "ngx_http_charset_filter_module"),
    d("charset_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_charset_filter_module"),
    d("chunk_size", RTMP|RTMP_SRV, TAKE1, Num, "libnginx-mod-rtmp"),
    d("chunked_transfer_encoding", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("client_body_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_core_module"),
    d("client_body_in_file_only", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("client_body_in_single_buffer", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("client_body_temp_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_http_core_module"),
    d("client_body_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module"),
    d("client_header_buffer_size", HTTP|HTTP_SRV, TAKE1, Size, "ngx_http_core_module"),
    d("client_header_timeout", HTTP|HTTP_SRV, TAKE1, Msec, "ngx_http_core_module"),
    d("client_max_body_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Offset, "ngx_http_core_module"),
    d("connection_pool_size", HTTP|HTTP_SRV, TAKE1, Size, "ngx_http_core_module"),
    d("content_by_lua", HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("content_by_lua_block", HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("content_by_lua_file", HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("create_full_put_path", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_dav_module"),
    d("daemon", MAIN, FLAG, Flag, "nginx"),
    d("dash", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("dash_cleanup", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("dash_fragment", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("dash_nested", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("dash_path", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("dash_playlist_length", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("dav_access", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_dav_module"),
    d("dav_ext_lock", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-dav-ext"),
    d("dav_ext_lock_zone", HTTP, TAKE1|TAKE2, Any, "libnginx-mod-http-dav-ext"),
    d("dav_ext_methods", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-dav-ext"),
    d("dav_methods", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_dav_module"),
    d("debug_connection", EVENTS, TAKE1, Any, "ngx_event"),
    d("debug_points", MAIN, TAKE1, Any, "nginx"),
    d("default_type", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("deny", RTMP|RTMP_SRV|RTMP_APP, TAKE1|TAKE2, Any, "libnginx-mod-rtmp"),
    d("deny", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LMT, TAKE1, Any, "ngx_http_access_module"),
    d("deny", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_access_module"),
    d("directio", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("directio_alignment", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Offset, "ngx_http_core_module"),
    d("disable_symlinks", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_core_module"),
    d("drop_idle_publisher", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("early_hints", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_core_module").since("1.29.0"),
    d("echo", HTTP_LOC|HTTP_LIF, ANY, Any, "libnginx-mod-http-echo"),
    d("echo_abort_parent", HTTP_LOC|HTTP_LIF, NOARGS, Any, "libnginx-mod-http-echo"),
    d("echo_after_body", HTTP_LOC|HTTP_LIF, ANY, Any, "libnginx-mod-http-echo"),
    d("echo_before_body", HTTP_LOC|HTTP_LIF, ANY, Any, "libnginx-mod-http-echo"),
    d("echo_blocking_sleep", HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-echo"),
    d("echo_duplicate", HTTP_LOC|HTTP_LIF, MORE2, Any, "libnginx-mod-http-echo"),
    d("echo_end", HTTP_LOC|HTTP_LIF, NOARGS, Any, "libnginx-mod-http-echo"),
    d("echo_exec", HTTP_LOC|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-echo"),
    d("echo_flush", HTTP_LOC|HTTP_LIF, NOARGS, Any, "libnginx-mod-http-echo"),
    d("echo_foreach_split", HTTP_LOC|HTTP_LIF, MORE2, Any, "libnginx-mod-http-echo"),
    d("echo_location", HTTP_LOC|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-echo"),
    d("echo_location_async", HTTP_LOC|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-echo"),
    d("echo_read_request_body", HTTP_LOC|HTTP_LIF, NOARGS, Any, "libnginx-mod-http-echo"),
    d("echo_request_body", HTTP_LOC|HTTP_LIF, NOARGS, Any, "libnginx-mod-http-echo"),
    d("echo_reset_timer", HTTP_LOC|HTTP_LIF, NOARGS, Any, "libnginx-mod-http-echo"),
    d("echo_sleep", HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-echo"),
    d("echo_status", HTTP_LOC|HTTP_LIF, TAKE1, Num, "libnginx-mod-http-echo"),
    d("echo_subrequest", HTTP_LOC|HTTP_LIF, MORE2, Any, "libnginx-mod-http-echo"),
    d("echo_subrequest_async", HTTP_LOC|HTTP_LIF, MORE2, Any, "libnginx-mod-http-echo"),
    d("empty_gif", HTTP_LOC, NOARGS, Any, "ngx_http_empty_gif_module"),
    d("env", MAIN, TAKE1, Any, "nginx"),
    d("epoll_events", EVENTS, TAKE1, Num, "ngx_epoll_module"),
    d("error_log", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_core_module"),
    d("error_log", MAIN, MORE1, Any, "ngx_log"),
    d("error_log", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_core_module"),
    d("error_log", STREAM|STREAM_SRV, MORE1, Any, "ngx_stream_core_module"),
    d("error_page", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, MORE2, Any, "ngx_http_core_module"),
    d("etag", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("events", MAIN, NOARGS|BLOCK, Any, "ngx_event"),
    d("exec", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_kill_signal", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("exec_options", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("exec_play", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_play_done", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_publish", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_publish_done", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_pull", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_push", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_record_done", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, MORE1, Any, "libnginx-mod-rtmp"),
    d("exec_static", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("exit_worker_by_lua_block", HTTP, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("exit_worker_by_lua_file", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("expires", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2, Any, "ngx_http_headers_filter_module"),
    d("fair", HTTP_UPS, ANY, Any, "libnginx-mod-http-upstream-fair"),
    d("fancyindex", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_case_sensitive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_css_href", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Any, "libnginx-mod-http-fancyindex"),
    d("fancyindex_default_sort", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-fancyindex"),
    d("fancyindex_directories_first", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_exact_size", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_footer", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "libnginx-mod-http-fancyindex"),
    d("fancyindex_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "libnginx-mod-http-fancyindex"),
    d("fancyindex_hide_parent_dir", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_hide_symlinks", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_ignore", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-fancyindex"),
    d("fancyindex_localtime", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_show_dotfiles", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_show_path", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-fancyindex"),
    d("fancyindex_time_format", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Any, "libnginx-mod-http-fancyindex"),
    d("fastcgi_bind", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_fastcgi_module"),
    d("fastcgi_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "ngx_http_fastcgi_module"),
    d("fastcgi_busy_buffers_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_fastcgi_module"),
    d("fastcgi_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_background_update", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_bypass", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_lock", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_lock_age", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_lock_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_max_range_offset", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Offset, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_methods", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_min_uses", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_path", HTTP, MORE2, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_purge", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-cache-purge"),
    d("fastcgi_cache_revalidate", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_use_stale", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_valid", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_catch_stderr", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_fastcgi_module"),
    d("fastcgi_force_ranges", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_hide_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_ignore_client_abort", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_ignore_headers", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_index", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_intercept_errors", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_keep_conn", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_limit_rate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, SizeOrVariable, "ngx_http_fastcgi_module"),
    d("fastcgi_max_temp_file_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_fastcgi_module"),
    d("fastcgi_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_next_upstream_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_fastcgi_module"),
    d("fastcgi_next_upstream_tries", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_fastcgi_module"),
    d("fastcgi_no_cache", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_param", HTTP|HTTP_SRV|HTTP_LOC, TAKE2|TAKE3, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_pass", HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_pass_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_pass_request_body", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_pass_request_headers", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_fastcgi_module"),
    d("fastcgi_request_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_send_lowat", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_fastcgi_module"),
    d("fastcgi_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_fastcgi_module"),
    d("fastcgi_socket_keepalive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_fastcgi_module"),
    d("fastcgi_socket_rcvbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_fastcgi_module").since("1.31.3"),
    d("fastcgi_socket_sndbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_fastcgi_module").since("1.31.3"),
    d("fastcgi_split_path_info", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_store", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_store_access", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_fastcgi_module"),
    d("fastcgi_temp_file_write_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_fastcgi_module"),
    d("fastcgi_temp_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_http_fastcgi_module"),
    d("flv", HTTP_LOC, NOARGS, Any, "ngx_http_flv_module"),
    d("geo", HTTP, TAKE1|TAKE2|BLOCK, Any, "ngx_http_geo_module"),
    d("geo", STREAM, TAKE1|TAKE2|BLOCK, Any, "ngx_stream_geo_module"),
    d("geoip2", HTTP, TAKE1|BLOCK, Any, "libnginx-mod-http-geoip2"),
    d("geoip2", STREAM, TAKE1|BLOCK, Any, "libnginx-mod-stream-geoip2"),
    d("geoip2_proxy", HTTP, TAKE1, Any, "libnginx-mod-http-geoip2"),
    d("geoip2_proxy_recursive", HTTP, FLAG, Flag, "libnginx-mod-http-geoip2"),
    d("geoip_city", HTTP, TAKE1|TAKE2, Any, "ngx_http_geoip_module"),
    d("geoip_city", STREAM, TAKE1|TAKE2, Any, "ngx_stream_geoip_module"),
    d("geoip_country", HTTP, TAKE1|TAKE2, Any, "ngx_http_geoip_module"),
    d("geoip_country", STREAM, TAKE1|TAKE2, Any, "ngx_stream_geoip_module"),
    d("geoip_org", HTTP, TAKE1|TAKE2, Any, "ngx_http_geoip_module"),
    d("geoip_org", STREAM, TAKE1|TAKE2, Any, "ngx_stream_geoip_module"),
    d("geoip_proxy", HTTP, TAKE1, Any, "ngx_http_geoip_module"),
    d("geoip_proxy_recursive", HTTP, FLAG, Flag, "ngx_http_geoip_module"),
    d("grpc_bind", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_grpc_module"),
    d("grpc_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_grpc_module"),
    d("grpc_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_grpc_module"),
    d("grpc_hide_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ignore_headers", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_grpc_module"),
    d("grpc_intercept_errors", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_grpc_module"),
    d("grpc_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_grpc_module"),
    d("grpc_next_upstream_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_grpc_module"),
    d("grpc_next_upstream_tries", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_grpc_module"),
    d("grpc_pass", HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_pass_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_grpc_module"),
    d("grpc_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_grpc_module"),
    d("grpc_set_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_grpc_module"),
    d("grpc_socket_keepalive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_grpc_module"),
    d("grpc_socket_rcvbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_grpc_module").since("1.31.3"),
    d("grpc_socket_sndbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_grpc_module").since("1.31.3"),
    d("grpc_ssl_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_certificate_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_grpc_module").since("1.27.4"),
    d("grpc_ssl_certificate_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_ciphers", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_conf_command", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_crl", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_name", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_password_file", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_protocols", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_server_name", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_grpc_module"),
    d("grpc_ssl_session_reuse", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_grpc_module"),
    d("grpc_ssl_trusted_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_grpc_module"),
    d("grpc_ssl_verify", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_grpc_module"),
    d("grpc_ssl_verify_depth", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_grpc_module"),
    d("gunzip", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_gunzip_filter_module"),
    d("gunzip_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "ngx_http_gunzip_filter_module"),
    d("gzip", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "ngx_http_gzip_filter_module"),
    d("gzip_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "ngx_http_gzip_filter_module"),
    d("gzip_comp_level", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_gzip_filter_module"),
    d("gzip_disable", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_core_module"),
    d("gzip_hash", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_gzip_filter_module"),
    d("gzip_http_version", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("gzip_min_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_gzip_filter_module"),
    d("gzip_no_buffer", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_gzip_filter_module"),
    d("gzip_proxied", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_core_module"),
    d("gzip_static", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_gzip_static_module"),
    d("gzip_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_gzip_filter_module"),
    d("gzip_vary", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("gzip_window", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_gzip_filter_module"),
    d("hash", HTTP_UPS, TAKE1|TAKE2, Any, "ngx_http_upstream_hash_module"),
    d("hash", STREAM_UPS, TAKE1|TAKE2, Any, "ngx_stream_upstream_hash_module"),
    d("header_filter_by_lua", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("header_filter_by_lua_block", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("header_filter_by_lua_file", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("hls", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_audio_buffer_size", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Size, "libnginx-mod-rtmp"),
    d("hls_base_url", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_cleanup", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_continuous", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_fragment", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("hls_fragment_naming", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_fragment_naming_granularity", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Num, "libnginx-mod-rtmp"),
    d("hls_fragment_slicing", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_fragments_per_key", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Num, "libnginx-mod-rtmp"),
    d("hls_key_path", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_key_url", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_keys", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_max_audio_delay", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("hls_max_fragment", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("hls_muxdelay", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("hls_nested", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_path", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_playlist_length", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("hls_sync", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("hls_type", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("hls_variant", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("http", MAIN, NOARGS|BLOCK, Any, "ngx_http"),
    d("http2", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_v2_module").since("1.25.1"),
    d("http2_body_preread_size", HTTP|HTTP_SRV, TAKE1, Size, "ngx_http_v2_module"),
    d("http2_chunk_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_v2_module"),
    d("http2_idle_timeout", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_v2_module"),
    d("http2_max_concurrent_pushes", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_v2_module"),
    d("http2_max_concurrent_streams", HTTP|HTTP_SRV, TAKE1, Num, "ngx_http_v2_module"),
    d("http2_max_field_size", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_v2_module"),
    d("http2_max_header_size", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_v2_module"),
    d("http2_max_requests", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_v2_module"),
    d("http2_pool_size", HTTP|HTTP_SRV, TAKE1, Size, "ngx_http_v2_module"),
    d("http2_push", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_v2_module"),
    d("http2_push_preload", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Any, "ngx_http_v2_module"),
    d("http2_recv_buffer_size", HTTP, TAKE1, Size, "ngx_http_v2_module"),
    d("http2_recv_timeout", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_v2_module"),
    d("http2_streams_index_size", HTTP|HTTP_SRV, TAKE1, Num, "ngx_http_v2_module"),
    d("http3", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_v3_module").since("1.25.0"),
    d("http3_hq", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_v3_module").since("1.25.0"),
    d("http3_max_concurrent_streams", HTTP|HTTP_SRV, TAKE1, Num, "ngx_http_v3_module").since("1.25.0"),
    d("http3_stream_buffer_size", HTTP|HTTP_SRV, TAKE1, Size, "ngx_http_v3_module").since("1.25.0"),
    d("idle_streams", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("if", HTTP_SRV|HTTP_LOC, BLOCK|MORE1, Any, "ngx_http_rewrite_module"),
    d("if_modified_since", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("ignore_invalid_headers", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_core_module"),
    d("image_filter", HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_image_filter_module"),
    d("image_filter_buffer", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_image_filter_module"),
    d("image_filter_interlace", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_image_filter_module"),
    d("image_filter_jpeg_quality", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_image_filter_module"),
    d("image_filter_sharpen", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_image_filter_module"),
    d("image_filter_transparency", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_image_filter_module"),
    d("image_filter_webp_quality", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_image_filter_module"),
    d("imap_auth", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_imap_module"),
    d("imap_capabilities", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_imap_module"),
    d("imap_client_buffer", MAIL|MAIL_SRV, TAKE1, Size, "ngx_mail_imap_module"),
    d("include", ANY, TAKE1, Any, "ngx_conf_file"),
    d("index", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_index_module"),
    d("init_by_lua", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("init_by_lua_block", HTTP, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("init_by_lua_file", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("init_worker_by_lua", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("init_worker_by_lua_block", HTTP, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("init_worker_by_lua_file", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("interleave", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("internal", HTTP_LOC, NOARGS, Any, "ngx_http_core_module"),
    d("ip_hash", HTTP_UPS, NOARGS, Any, "ngx_http_upstream_ip_hash_module"),
    d("js_access", HTTP_LOC|HTTP_LIF|HTTP_LMT, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_access", STREAM|STREAM_SRV, TAKE1, Any, "libnginx-mod-stream-js"),
    d("js_body_filter", HTTP_LOC|HTTP_LIF|HTTP_LMT, TAKE1|TAKE2, Any, "libnginx-mod-http-js"),
    d("js_content", HTTP_LOC|HTTP_LIF|HTTP_LMT, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_context_reuse", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "libnginx-mod-http-js"),
    d("js_context_reuse", STREAM|STREAM_SRV, TAKE1, Size, "libnginx-mod-stream-js"),
    d("js_context_reuse_max_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "libnginx-mod-http-js"),
    d("js_context_reuse_max_size", STREAM|STREAM_SRV, TAKE1, Size, "libnginx-mod-stream-js"),
    d("js_engine", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_engine", STREAM|STREAM_SRV, MORE1, Any, "libnginx-mod-stream-js"),
    d("js_fetch_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "libnginx-mod-http-js"),
    d("js_fetch_buffer_size", STREAM|STREAM_SRV, TAKE1, Size, "libnginx-mod-stream-js"),
    d("js_fetch_ciphers", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_fetch_ciphers", STREAM|STREAM_SRV, TAKE1, Any, "libnginx-mod-stream-js"),
    d("js_fetch_keepalive", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-http-js"),
    d("js_fetch_keepalive", STREAM|STREAM_SRV, TAKE1, Num, "libnginx-mod-stream-js"),
    d("js_fetch_keepalive_requests", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-http-js"),
    d("js_fetch_keepalive_requests", STREAM|STREAM_SRV, TAKE1, Num, "libnginx-mod-stream-js"),
    d("js_fetch_keepalive_time", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "libnginx-mod-http-js"),
    d("js_fetch_keepalive_time", STREAM|STREAM_SRV, TAKE1, Msec, "libnginx-mod-stream-js"),
    d("js_fetch_keepalive_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "libnginx-mod-http-js"),
    d("js_fetch_keepalive_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "libnginx-mod-stream-js"),
    d("js_fetch_max_response_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "libnginx-mod-http-js"),
    d("js_fetch_max_response_buffer_size", STREAM|STREAM_SRV, TAKE1, Size, "libnginx-mod-stream-js"),
    d("js_fetch_protocols", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-js"),
    d("js_fetch_protocols", STREAM|STREAM_SRV, MORE1, Any, "libnginx-mod-stream-js"),
    d("js_fetch_proxy", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_fetch_proxy", STREAM|STREAM_SRV, TAKE1, Any, "libnginx-mod-stream-js"),
    d("js_fetch_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "libnginx-mod-http-js"),
    d("js_fetch_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "libnginx-mod-stream-js"),
    d("js_fetch_trusted_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_fetch_trusted_certificate", STREAM|STREAM_SRV, TAKE1, Any, "libnginx-mod-stream-js"),
    d("js_fetch_verify", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-js"),
    d("js_fetch_verify", STREAM|STREAM_SRV, FLAG, Flag, "libnginx-mod-stream-js"),
    d("js_fetch_verify_depth", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-http-js"),
    d("js_fetch_verify_depth", STREAM|STREAM_SRV, TAKE1, Num, "libnginx-mod-stream-js"),
    d("js_filter", STREAM|STREAM_SRV, TAKE1, Any, "libnginx-mod-stream-js"),
    d("js_header_filter", HTTP_LOC|HTTP_LIF|HTTP_LMT, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_import", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE3, Any, "libnginx-mod-http-js"),
    d("js_import", STREAM|STREAM_SRV, TAKE1|TAKE3, Any, "libnginx-mod-stream-js"),
    d("js_load_http_native_module", MAIN, TAKE1|TAKE3, Any, "libnginx-mod-http-js"),
    d("js_load_stream_native_module", MAIN, TAKE1|TAKE3, Any, "libnginx-mod-stream-js"),
    d("js_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-js"),
    d("js_path", STREAM|STREAM_SRV, TAKE1, Any, "libnginx-mod-stream-js"),
    d("js_periodic", HTTP_LOC, ANY, Any, "libnginx-mod-http-js"),
    d("js_periodic", STREAM_SRV, ANY, Any, "libnginx-mod-stream-js"),
    d("js_preload_object", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE3, Any, "libnginx-mod-http-js"),
    d("js_preload_object", STREAM|STREAM_SRV, TAKE1|TAKE3, Any, "libnginx-mod-stream-js"),
    d("js_preread", STREAM|STREAM_SRV, TAKE1, Any, "libnginx-mod-stream-js"),
    d("js_set", HTTP|HTTP_SRV|HTTP_LOC, TAKE2|TAKE3, Any, "libnginx-mod-http-js"),
    d("js_set", STREAM|STREAM_SRV, TAKE2|TAKE3, Any, "libnginx-mod-stream-js"),
    d("js_shared_dict_zone", HTTP, MORE1, Any, "libnginx-mod-http-js"),
    d("js_shared_dict_zone", STREAM, MORE1, Any, "libnginx-mod-stream-js"),
    d("js_var", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "libnginx-mod-http-js"),
    d("js_var", STREAM|STREAM_SRV, TAKE1|TAKE2, Any, "libnginx-mod-stream-js"),
    d("keepalive", HTTP_UPS, TAKE1|TAKE2, Any, "ngx_http_upstream_keepalive_module"),
    d("keepalive_disable", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_core_module"),
    d("keepalive_min_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module").since("1.27.4"),
    d("keepalive_requests", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_core_module"),
    d("keepalive_requests", HTTP_UPS, TAKE1, Num, "ngx_http_upstream_keepalive_module"),
    d("keepalive_time", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module"),
    d("keepalive_time", HTTP_UPS, TAKE1, Msec, "ngx_http_upstream_keepalive_module"),
    d("keepalive_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_core_module"),
    d("keepalive_timeout", HTTP_UPS, TAKE1, Msec, "ngx_http_upstream_keepalive_module"),
    d("large_client_header_buffers", HTTP|HTTP_SRV, TAKE2, Bufs, "ngx_http_core_module"),
    d("least_conn", HTTP_UPS, NOARGS, Any, "ngx_http_upstream_least_conn_module"),
    d("least_conn", STREAM_UPS, NOARGS, Any, "ngx_stream_upstream_least_conn_module"),
    d("least_time", HTTP_UPS, TAKE1|TAKE2, Any, "ngx_http_upstream_least_time_module").since("1.31.0"),
    d("least_time", STREAM_UPS, TAKE1|TAKE2, Any, "ngx_stream_upstream_least_time_module").since("1.31.0"),
    d("limit_conn", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_limit_conn_module"),
    d("limit_conn", STREAM|STREAM_SRV, TAKE2, Any, "ngx_stream_limit_conn_module"),
    d("limit_conn_dry_run", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_limit_conn_module"),
    d("limit_conn_dry_run", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_limit_conn_module"),
    d("limit_conn_log_level", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_limit_conn_module"),
    d("limit_conn_log_level", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_limit_conn_module"),
    d("limit_conn_status", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_limit_conn_module"),
    d("limit_conn_zone", HTTP, TAKE2, Any, "ngx_http_limit_conn_module"),
    d("limit_conn_zone", STREAM, TAKE2, Any, "ngx_stream_limit_conn_module"),
    d("limit_except", HTTP_LOC, BLOCK|MORE1, Any, "ngx_http_core_module"),
    d("limit_rate", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, SizeOrVariable, "ngx_http_core_module"),
    d("limit_rate_after", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, SizeOrVariable, "ngx_http_core_module"),
    d("limit_req", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_limit_req_module"),
    d("limit_req_dry_run", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_limit_req_module"),
    d("limit_req_log_level", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_limit_req_module"),
    d("limit_req_status", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_limit_req_module"),
    d("limit_req_zone", HTTP, TAKE3, Any, "ngx_http_limit_req_module"),
    d("lingering_close", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("lingering_time", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module"),
    d("lingering_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module"),
    d("listen", RTMP_SRV, TAKE1|TAKE2, Any, "libnginx-mod-rtmp"),
    d("listen", HTTP_SRV, MORE1, Any, "ngx_http_core_module"),
    d("listen", MAIL_SRV, MORE1, Any, "ngx_mail_core_module"),
    d("listen", STREAM_SRV, MORE1, Any, "ngx_stream_core_module"),
    d("live", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("load_module", MAIN, TAKE1, Any, "nginx"),
    d("location", HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|BLOCK, Any, "ngx_http_core_module"),
    d("lock_file", MAIN, TAKE1, Any, "nginx"),
    d("log_by_lua", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("log_by_lua_block", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("log_by_lua_file", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("log_format", RTMP|RTMP_SRV|RTMP_APP, MORE2, Any, "libnginx-mod-rtmp"),
    d("log_format", HTTP, MORE2, Any, "ngx_http_log_module"),
    d("log_format", STREAM, MORE2, Any, "ngx_stream_log_module"),
    d("log_not_found", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("log_subrequest", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("lua_capture_error_log", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_check_client_abort", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_code_cache", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Any, "libnginx-mod-http-lua"),
    d("lua_http10_buffering", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_load_resty_core", HTTP, FLAG, Any, "libnginx-mod-http-lua"),
    d("lua_malloc_trim", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_max_pending_timers", HTTP, TAKE1, Num, "libnginx-mod-http-lua"),
    d("lua_max_running_timers", HTTP, TAKE1, Num, "libnginx-mod-http-lua"),
    d("lua_need_request_body", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_package_cpath", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_package_path", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_regex_cache_max_entries", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_regex_match_limit", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_sa_restart", HTTP, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_shared_dict", HTTP, TAKE2, Any, "libnginx-mod-http-lua"),
    d("lua_socket_buffer_size", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Size, "libnginx-mod-http-lua"),
    d("lua_socket_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Msec, "libnginx-mod-http-lua"),
    d("lua_socket_keepalive_timeout", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Msec, "libnginx-mod-http-lua"),
    d("lua_socket_log_errors", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_socket_pool_size", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Num, "libnginx-mod-http-lua"),
    d("lua_socket_read_timeout", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Msec, "libnginx-mod-http-lua"),
    d("lua_socket_send_lowat", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Size, "libnginx-mod-http-lua"),
    d("lua_socket_send_timeout", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Msec, "libnginx-mod-http-lua"),
    d("lua_ssl_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_certificate_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_ciphers", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_conf_command", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_crl", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_key_log", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_protocols", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_trusted_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-lua"),
    d("lua_ssl_verify_depth", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-http-lua"),
    d("lua_thread_cache_max_entries", HTTP, TAKE1, Num, "libnginx-mod-http-lua"),
    d("lua_transform_underscores_in_response_headers", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_upstream_skip_openssl_default_verify", HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_use_default_type", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-lua"),
    d("lua_worker_thread_vm_pool_size", HTTP, TAKE1, Num, "libnginx-mod-http-lua"),
    d("mail", MAIN, NOARGS|BLOCK, Any, "ngx_mail"),
    d("map", HTTP, TAKE2|BLOCK, Any, "ngx_http_map_module"),
    d("map", STREAM, TAKE2|BLOCK, Any, "ngx_stream_map_module"),
    d("map_hash_bucket_size", HTTP, TAKE1, Num, "ngx_http_map_module"),
    d("map_hash_bucket_size", STREAM, TAKE1, Num, "ngx_stream_map_module"),
    d("map_hash_max_size", HTTP, TAKE1, Num, "ngx_http_map_module"),
    d("map_hash_max_size", STREAM, TAKE1, Num, "ngx_stream_map_module"),
    d("master_process", MAIN, FLAG, Flag, "nginx"),
    d("max_connections", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Num, "libnginx-mod-rtmp"),
    d("max_errors", MAIL|MAIL_SRV, TAKE1, Num, "ngx_mail_core_module"),
    d("max_headers", HTTP|HTTP_SRV, TAKE1, Num, "ngx_http_core_module"),
    d("max_message", RTMP|RTMP_SRV, TAKE1, Size, "libnginx-mod-rtmp"),
    d("max_ranges", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_core_module"),
    d("max_streams", RTMP|RTMP_SRV, TAKE1, Num, "libnginx-mod-rtmp"),
    d("memc_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "libnginx-mod-http-memc"),
    d("memc_cmds_allowed", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, MORE1, Any, "libnginx-mod-http-memc"),
    d("memc_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "libnginx-mod-http-memc"),
    d("memc_flags_to_last_modified", HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-memc"),
    d("memc_ignore_client_abort", HTTP_LOC|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-memc"),
    d("memc_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-memc"),
    d("memc_pass", HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-memc"),
    d("memc_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "libnginx-mod-http-memc"),
    d("memc_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "libnginx-mod-http-memc"),
    d("memc_upstream_fail_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-memc"),
    d("memc_upstream_max_fails", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-memc"),
    d("memcached_bind", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_memcached_module"),
    d("memcached_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_memcached_module"),
    d("memcached_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_memcached_module"),
    d("memcached_gzip_flag", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_memcached_module"),
    d("memcached_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_memcached_module"),
    d("memcached_next_upstream_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_memcached_module"),
    d("memcached_next_upstream_tries", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_memcached_module"),
    d("memcached_pass", HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_memcached_module"),
    d("memcached_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_memcached_module"),
    d("memcached_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_memcached_module"),
    d("memcached_socket_keepalive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_memcached_module"),
    d("merge_slashes", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_core_module"),
    d("meta", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("min_delete_depth", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_dav_module"),
    d("mirror", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_mirror_module"),
    d("mirror_request_body", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_mirror_module"),
    d("modern_browser", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_browser_module"),
    d("modern_browser_value", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_browser_module"),
    d("modsecurity", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-modsecurity"),
    d("modsecurity_rules", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-modsecurity"),
    d("modsecurity_rules_file", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-modsecurity"),
    d("modsecurity_rules_remote", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "libnginx-mod-http-modsecurity"),
    d("modsecurity_transaction_id", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-modsecurity"),
    d("more_clear_headers", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, MORE1, Any, "libnginx-mod-http-headers-more-filter"),
    d("more_clear_input_headers", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, MORE1, Any, "libnginx-mod-http-headers-more-filter"),
    d("more_set_headers", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, MORE1, Any, "libnginx-mod-http-headers-more-filter"),
    d("more_set_input_headers", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, MORE1, Any, "libnginx-mod-http-headers-more-filter"),
    d("mp4", HTTP_LOC, NOARGS, Any, "ngx_http_mp4_module"),
    d("mp4_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_mp4_module"),
    d("mp4_max_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_mp4_module"),
    d("mp4_start_key_frame", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_mp4_module"),
    d("msie_padding", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("msie_refresh", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("multi_accept", EVENTS, FLAG, Flag, "ngx_event"),
    d("nchan_access_control_allow_credentials", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_access_control_allow_origin", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_authorize_request", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_benchmark", HTTP_LOC, NOARGS, Any, "libnginx-mod-nchan"),
    d("nchan_benchmark_channels", HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("nchan_benchmark_message_padding_bytes", HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("nchan_benchmark_messages_per_channel_per_minute", HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("nchan_benchmark_publisher_distribution", HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_benchmark_subscriber_distribution", HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_benchmark_subscribers_per_channel", HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("nchan_benchmark_time", HTTP_LOC, TAKE1, Sec, "libnginx-mod-nchan"),
    d("nchan_channel_event_string", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_channel_events_channel_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_channel_group", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_channel_group_accounting", HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_channel_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6|TAKE7, Any, "libnginx-mod-nchan"),
    d("nchan_channel_id_split_delimiter", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_channel_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Sec, "libnginx-mod-nchan"),
    d("nchan_deflate_message_for_websocket", HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_eventsource_event", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_eventsource_ping_comment", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_eventsource_ping_data", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_eventsource_ping_event", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_eventsource_ping_interval", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Sec, "libnginx-mod-nchan"),
    d("nchan_group_location", HTTP_LOC, NOARGS|TAKE1|TAKE2|TAKE3, Any, "libnginx-mod-nchan"),
    d("nchan_group_max_channels", HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_group_max_messages", HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_group_max_messages_disk", HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_group_max_messages_memory", HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_group_max_subscribers", HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_longpoll_multipart_response", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_max_channel_id_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("nchan_max_channel_subscribers", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("nchan_max_reserved_memory", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_message_buffer_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_message_max_buffer_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_message_temp_path", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_message_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_permessage_deflate_compression_level", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_permessage_deflate_compression_memlevel", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_permessage_deflate_compression_strategy", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_permessage_deflate_compression_window", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_pub_channel_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6|TAKE7, Any, "libnginx-mod-nchan"),
    d("nchan_publisher", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2, Any, "libnginx-mod-nchan"),
    d("nchan_publisher_channel_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6|TAKE7, Any, "libnginx-mod-nchan"),
    d("nchan_publisher_location", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2, Any, "libnginx-mod-nchan"),
    d("nchan_publisher_upstream_request", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_pubsub", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6, Any, "libnginx-mod-nchan"),
    d("nchan_pubsub_channel_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6|TAKE7, Any, "libnginx-mod-nchan"),
    d("nchan_pubsub_location", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6, Any, "libnginx-mod-nchan"),
    d("nchan_redis_accurate_subscriber_count", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_check_interval", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_check_interval_backoff", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_check_interval_jitter", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_check_interval_max", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_check_interval_min", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_connect_timeout", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_max_failing_time", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_recovery_delay", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_recovery_delay_backoff", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_recovery_delay_jitter", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_recovery_delay_max", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_cluster_recovery_delay_min", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_command_timeout", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_connect_timeout", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_discovered_ip_range_blacklist", HTTP_UPS, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6|TAKE7, Any, "libnginx-mod-nchan"),
    d("nchan_redis_fakesub_timer_interval", HTTP, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_idle_channel_cache_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Sec, "libnginx-mod-nchan"),
    d("nchan_redis_idle_channel_keepalive_backoff", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_idle_channel_keepalive_jitter", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_idle_channel_keepalive_max", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_idle_channel_keepalive_min", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_idle_channel_keepalive_safety_margin", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_load_scripts_unconditionally", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_namespace", HTTP|HTTP_SRV|HTTP_LOC|HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_node_connect_timeout", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_nostore_fastpublish", HTTP|HTTP_SRV|HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_optimize_target", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_pass", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_pass_inheritable", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_password", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ping_interval", HTTP|HTTP_SRV|HTTP_LOC|HTTP_UPS, TAKE1, Sec, "libnginx-mod-nchan"),
    d("nchan_redis_publish_msgpacked_max_size", HTTP, TAKE1, Size, "libnginx-mod-nchan"),
    d("nchan_redis_reconnect_delay", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_reconnect_delay_backoff", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_reconnect_delay_jitter", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_reconnect_delay_max", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_reconnect_delay_min", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_retry_commands", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_retry_commands_max_wait", HTTP_UPS, TAKE1, Msec, "libnginx-mod-nchan"),
    d("nchan_redis_server", HTTP_UPS, TAKE1|TAKE2, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl_ciphers", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl_client_certificate", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl_client_certificate_key", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl_server_name", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl_trusted_certificate", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl_trusted_certificate_path", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_ssl_verify_certificate", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_storage_mode", HTTP|HTTP_SRV|HTTP_LOC|HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_subscribe_weights", HTTP_UPS, TAKE1|TAKE2, Any, "libnginx-mod-nchan"),
    d("nchan_redis_tls", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_tls_ciphers", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_tls_client_certificate", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_tls_server_name", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_tls_trusted_certificate", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_tls_trusted_certificate_path", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_tls_verify_certificate", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_upstream_stats", HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_upstream_stats_disconnected_timeout", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_upstream_stats_enabled", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_url", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_username", HTTP_UPS, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_redis_wait_after_connecting", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_shared_memory_size", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_storage_engine", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_store_messages", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_stub_status", HTTP_LOC, NOARGS, Any, "libnginx-mod-nchan"),
    d("nchan_sub_channel_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6|TAKE7, Any, "libnginx-mod-nchan"),
    d("nchan_subscribe_existing_channels_only", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_subscribe_request", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2|TAKE3|TAKE4|TAKE5, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_channel_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5|TAKE6|TAKE7, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_compound_etag_message_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_first_message", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_http_raw_stream_separator", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_info", HTTP_LOC, NOARGS, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_info_string", HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_last_message_id", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1|TAKE2|TAKE3|TAKE4|TAKE5, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_location", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2|TAKE3|TAKE4|TAKE5, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_message_id_custom_etag_header", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_subscriber_timeout", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Sec, "libnginx-mod-nchan"),
    d("nchan_unsubscribe_request", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_use_redis", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("nchan_websocket_client_heartbeat", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE2, Any, "libnginx-mod-nchan"),
    d("nchan_websocket_ping_interval", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Sec, "libnginx-mod-nchan"),
    d("netcall_buffer", RTMP|RTMP_SRV, TAKE1, Size, "libnginx-mod-rtmp"),
    d("netcall_timeout", RTMP|RTMP_SRV, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("notify_method", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("notify_relay_redirect", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("notify_update_strict", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("notify_update_timeout", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("on_connect", RTMP|RTMP_SRV, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_disconnect", RTMP|RTMP_SRV, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_done", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_play", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_play_done", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_publish", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_publish_done", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_record_done", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("on_update", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("open_file_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_core_module"),
    d("open_file_cache_errors", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("open_file_cache_events", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("open_file_cache_min_uses", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_core_module"),
    d("open_file_cache_valid", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Sec, "ngx_http_core_module"),
    d("open_log_file_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_http_log_module"),
    d("open_log_file_cache", STREAM|STREAM_SRV, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_stream_log_module"),
    d("out_cork", RTMP|RTMP_SRV, TAKE1, Size, "libnginx-mod-rtmp"),
    d("out_queue", RTMP|RTMP_SRV, TAKE1, Size, "libnginx-mod-rtmp"),
    d("output_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "ngx_http_copy_filter_module"),
    d("override_charset", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "ngx_http_charset_filter_module"),
    d("pass", STREAM_SRV, TAKE1, Any, "ngx_stream_pass_module").since("1.25.5"),
    d("pcre_jit", MAIN, FLAG, Flag, "ngx_regex"),
    d("perl", HTTP_LOC|HTTP_LMT, TAKE1, Any, "ngx_http_perl_module"),
    d("perl_modules", HTTP, TAKE1, Any, "ngx_http_perl_module"),
    d("perl_require", HTTP, TAKE1, Any, "ngx_http_perl_module"),
    d("perl_set", HTTP, TAKE2, Any, "ngx_http_perl_module"),
    d("pid", MAIN, TAKE1, Any, "nginx"),
    d("ping", RTMP|RTMP_SRV, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("ping_timeout", RTMP|RTMP_SRV, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("play", RTMP|RTMP_SRV|RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("play_local_path", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("play_restart", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("play_temp_path", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("play_time_fix", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("pop3_auth", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_pop3_module"),
    d("pop3_capabilities", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_pop3_module"),
    d("port_in_redirect", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("post_action", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_core_module"),
    d("postpone_gzipping", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_gzip_filter_module"),
    d("postpone_output", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_core_module"),
    d("precontent_by_lua_block", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("precontent_by_lua_file", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("precontent_by_lua_no_postpone", HTTP, FLAG, Flag, "libnginx-mod-http-lua"),
    d("preread_buffer_size", STREAM|STREAM_SRV, TAKE1, Size, "ngx_stream_core_module"),
    d("preread_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "ngx_stream_core_module"),
    d("protocol", MAIL_SRV, TAKE1, Any, "ngx_mail_core_module"),
    d("proxy", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_proxy_module"),
    d("proxy_bind", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_proxy_module"),
    d("proxy_bind", STREAM|STREAM_SRV, TAKE1|TAKE2, Any, "ngx_stream_proxy_module"),
    d("proxy_buffer", MAIL|MAIL_SRV, TAKE1, Size, "ngx_mail_proxy_module"),
    d("proxy_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_proxy_module"),
    d("proxy_buffer_size", STREAM|STREAM_SRV, TAKE1, Size, "ngx_stream_proxy_module"),
    d("proxy_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "ngx_http_proxy_module"),
    d("proxy_busy_buffers_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_proxy_module"),
    d("proxy_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_cache_background_update", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_cache_bypass", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_cache_convert_head", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_cache_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_cache_lock", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_cache_lock_age", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_proxy_module"),
    d("proxy_cache_lock_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_proxy_module"),
    d("proxy_cache_max_range_offset", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Offset, "ngx_http_proxy_module"),
    d("proxy_cache_methods", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_cache_min_uses", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_proxy_module"),
    d("proxy_cache_path", HTTP, MORE2, Any, "ngx_http_proxy_module"),
    d("proxy_cache_purge", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-cache-purge"),
    d("proxy_cache_revalidate", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_cache_use_stale", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_cache_valid", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_proxy_module"),
    d("proxy_connect_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "ngx_stream_proxy_module"),
    d("proxy_cookie_domain", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_proxy_module"),
    d("proxy_cookie_flags", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_http_proxy_module"),
    d("proxy_cookie_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_proxy_module"),
    d("proxy_download_rate", STREAM|STREAM_SRV, TAKE1, SizeOrVariable, "ngx_stream_proxy_module"),
    d("proxy_downstream_buffer", STREAM|STREAM_SRV, TAKE1, Size, "ngx_stream_proxy_module"),
    d("proxy_force_ranges", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_half_close", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_proxy_module"),
    d("proxy_headers_hash_bucket_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_proxy_module"),
    d("proxy_headers_hash_max_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_proxy_module"),
    d("proxy_hide_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_http_version", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ignore_client_abort", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_ignore_headers", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_intercept_errors", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_limit_rate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, SizeOrVariable, "ngx_http_proxy_module"),
    d("proxy_max_temp_file_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_proxy_module"),
    d("proxy_method", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_next_upstream", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_proxy_module"),
    d("proxy_next_upstream_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_proxy_module"),
    d("proxy_next_upstream_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "ngx_stream_proxy_module"),
    d("proxy_next_upstream_tries", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_proxy_module"),
    d("proxy_next_upstream_tries", STREAM|STREAM_SRV, TAKE1, Num, "ngx_stream_proxy_module"),
    d("proxy_no_cache", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_pass", HTTP_LOC|HTTP_LIF|HTTP_LMT, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_pass", STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_pass_error_message", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_proxy_module"),
    d("proxy_pass_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_pass_request_body", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_pass_request_headers", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_pass_trailers", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module").since("1.27.2"),
    d("proxy_protocol", MAIL|MAIL_SRV, TAKE1|FLAG, Any, "ngx_mail_proxy_module"),
    d("proxy_protocol", STREAM|STREAM_SRV, TAKE1|FLAG, Any, "ngx_stream_proxy_module"),
    d("proxy_protocol_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "ngx_stream_core_module"),
    d("proxy_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_proxy_module"),
    d("proxy_redirect", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_proxy_module"),
    d("proxy_request_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_requests", STREAM|STREAM_SRV, TAKE1, Num, "ngx_stream_proxy_module"),
    d("proxy_responses", STREAM|STREAM_SRV, TAKE1, Num, "ngx_stream_proxy_module"),
    d("proxy_send_lowat", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_proxy_module"),
    d("proxy_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_proxy_module"),
    d("proxy_set_body", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_set_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_proxy_module"),
    d("proxy_smtp_auth", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_proxy_module"),
    d("proxy_socket_keepalive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_socket_keepalive", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_proxy_module"),
    d("proxy_socket_rcvbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_proxy_module").since("1.31.3"),
    d("proxy_socket_rcvbuf", STREAM|STREAM_SRV, TAKE1, Size, "ngx_stream_proxy_module").since("1.31.3"),
    d("proxy_socket_sndbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_proxy_module").since("1.31.3"),
    d("proxy_socket_sndbuf", STREAM|STREAM_SRV, TAKE1, Size, "ngx_stream_proxy_module").since("1.31.3"),
    d("proxy_ssl", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_proxy_module"),
    d("proxy_ssl_alpn", STREAM|STREAM_SRV, MORE1, Any, "ngx_stream_proxy_module").since("1.31.0"),
    d("proxy_ssl_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_certificate", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_certificate_by_lua_block", HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("proxy_ssl_certificate_by_lua_file", HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("proxy_ssl_certificate_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_proxy_module").since("1.27.4"),
    d("proxy_ssl_certificate_cache", STREAM|STREAM_SRV, TAKE1|TAKE2|TAKE3, Any, "ngx_stream_proxy_module").since("1.27.4"),
    d("proxy_ssl_certificate_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_certificate_key", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_ciphers", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_ciphers", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_conf_command", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_conf_command", STREAM|STREAM_SRV, TAKE2, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_crl", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_crl", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_name", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_name", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_password_file", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_password_file", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_protocols", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_protocols", STREAM|STREAM_SRV, MORE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_server_name", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_ssl_server_name", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_proxy_module"),
    d("proxy_ssl_session_reuse", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_ssl_session_reuse", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_proxy_module"),
    d("proxy_ssl_trusted_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_ssl_trusted_certificate", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_proxy_module"),
    d("proxy_ssl_verify", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_proxy_module"),
    d("proxy_ssl_verify", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_proxy_module"),
    d("proxy_ssl_verify_by_lua_block", HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("proxy_ssl_verify_by_lua_file", HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("proxy_ssl_verify_depth", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_proxy_module"),
    d("proxy_ssl_verify_depth", STREAM|STREAM_SRV, TAKE1, Num, "ngx_stream_proxy_module"),
    d("proxy_store", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_proxy_module"),
    d("proxy_store_access", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_proxy_module"),
    d("proxy_temp_file_write_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_proxy_module"),
    d("proxy_temp_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_http_proxy_module"),
    d("proxy_timeout", MAIL|MAIL_SRV, TAKE1, Msec, "ngx_mail_proxy_module"),
    d("proxy_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "ngx_stream_proxy_module"),
    d("proxy_upload_rate", STREAM|STREAM_SRV, TAKE1, SizeOrVariable, "ngx_stream_proxy_module"),
    d("proxy_upstream_buffer", STREAM|STREAM_SRV, TAKE1, Size, "ngx_stream_proxy_module"),
    d("publish_notify", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("publish_time_fix", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("pull", RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("pull_reconnect", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("push", RTMP_APP, MORE1, Any, "libnginx-mod-rtmp"),
    d("push_authorized_channels_only", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_channel_group", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_channel_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Sec, "libnginx-mod-nchan"),
    d("push_max_channel_id_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("push_max_channel_subscribers", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "libnginx-mod-nchan"),
    d("push_max_message_buffer_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_max_reserved_memory", HTTP, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_message_buffer_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_message_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_min_message_buffer_length", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_publisher", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2, Any, "libnginx-mod-nchan"),
    d("push_reconnect", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("push_store_messages", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_subscriber", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1|TAKE2|TAKE3|TAKE4|TAKE5, Any, "libnginx-mod-nchan"),
    d("push_subscriber_concurrency", HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-nchan"),
    d("push_subscriber_timeout", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Sec, "libnginx-mod-nchan"),
    d("quic_active_connection_id_limit", HTTP|HTTP_SRV, TAKE1, Num, "ngx_http_v3_module").since("1.25.0"),
    d("quic_bpf", MAIN, FLAG, Flag, "ngx_event_quic_bpf").since("1.25.0"),
    d("quic_gso", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_v3_module").since("1.25.0"),
    d("quic_host_key", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_v3_module").since("1.25.0"),
    d("quic_retry", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_v3_module").since("1.25.0"),
    d("random", HTTP_UPS, NOARGS|TAKE1|TAKE2, Any, "ngx_http_upstream_random_module"),
    d("random", STREAM_UPS, NOARGS|TAKE1|TAKE2, Any, "ngx_stream_upstream_random_module"),
    d("random_index", HTTP_LOC, FLAG, Flag, "ngx_http_random_index_module"),
    d("read_ahead", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_core_module"),
    d("real_ip_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_realip_module"),
    d("real_ip_recursive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_realip_module"),
    d("record", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, MORE1, Any, "libnginx-mod-rtmp"),
    d("record_append", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("record_interval", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("record_lock", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("record_max_frames", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Size, "libnginx-mod-rtmp"),
    d("record_max_size", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Size, "libnginx-mod-rtmp"),
    d("record_notify", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("record_path", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("record_suffix", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("record_unique", RTMP|RTMP_SRV|RTMP_APP|RTMP_REC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("recorder", RTMP_APP, TAKE1|BLOCK, Any, "libnginx-mod-rtmp"),
    d("recursive_error_pages", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("referer_hash_bucket_size", HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_referer_module"),
    d("referer_hash_max_size", HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_referer_module"),
    d("relay_buffer", RTMP|RTMP_SRV, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("report_uploads", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-uploadprogress"),
    d("request_pool_size", HTTP|HTTP_SRV, TAKE1, Size, "ngx_http_core_module"),
    d("reset_timedout_connection", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("resolver", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_core_module"),
    d("resolver", HTTP_UPS, MORE1, Any, "ngx_http_upstream"),
    d("resolver", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_core_module"),
    d("resolver", STREAM|STREAM_SRV, MORE1, Any, "ngx_stream_core_module"),
    d("resolver", STREAM_UPS, MORE1, Any, "ngx_stream_upstream"),
    d("resolver_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module"),
    d("resolver_timeout", HTTP_UPS, TAKE1, Msec, "ngx_http_upstream"),
    d("resolver_timeout", MAIL|MAIL_SRV, TAKE1, Msec, "ngx_mail_core_module"),
    d("resolver_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "ngx_stream_core_module"),
    d("resolver_timeout", STREAM_UPS, TAKE1, Msec, "ngx_stream_upstream"),
    d("respawn", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("respawn_timeout", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("return", HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "ngx_http_rewrite_module"),
    d("return", STREAM_SRV, TAKE1, Any, "ngx_stream_return_module"),
    d("rewrite", HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE2|TAKE3, Any, "ngx_http_rewrite_module"),
    d("rewrite_by_lua", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("rewrite_by_lua_block", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("rewrite_by_lua_file", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-lua"),
    d("rewrite_by_lua_no_postpone", HTTP, FLAG, Flag, "libnginx-mod-http-lua"),
    d("rewrite_log", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, FLAG, Flag, "ngx_http_rewrite_module"),
    d("root", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_core_module"),
    d("rtmp", MAIN, NOARGS|BLOCK, Any, "libnginx-mod-rtmp"),
    d("rtmp_auto_push", MAIN, TAKE1, Any, "libnginx-mod-rtmp"),
    d("rtmp_auto_push_reconnect", MAIN, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("rtmp_control", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-rtmp"),
    d("rtmp_socket_dir", MAIN, TAKE1, Any, "libnginx-mod-rtmp"),
    d("rtmp_stat", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-rtmp"),
    d("rtmp_stat_stylesheet", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-rtmp"),
    d("satisfy", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("scgi_bind", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_scgi_module"),
    d("scgi_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_scgi_module"),
    d("scgi_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "ngx_http_scgi_module"),
    d("scgi_busy_buffers_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_scgi_module"),
    d("scgi_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_scgi_module"),
    d("scgi_cache_background_update", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_cache_bypass", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_scgi_module"),
    d("scgi_cache_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_scgi_module"),
    d("scgi_cache_lock", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_cache_lock_age", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_scgi_module"),
    d("scgi_cache_lock_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_scgi_module"),
    d("scgi_cache_max_range_offset", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Offset, "ngx_http_scgi_module"),
    d("scgi_cache_methods", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_scgi_module"),
    d("scgi_cache_min_uses", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_scgi_module"),
    d("scgi_cache_path", HTTP, MORE2, Any, "ngx_http_scgi_module"),
    d("scgi_cache_purge", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-cache-purge"),
    d("scgi_cache_revalidate", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_cache_use_stale", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_scgi_module"),
    d("scgi_cache_valid", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_scgi_module"),
    d("scgi_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_scgi_module"),
    d("scgi_force_ranges", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_hide_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_scgi_module"),
    d("scgi_ignore_client_abort", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_ignore_headers", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_scgi_module"),
    d("scgi_intercept_errors", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_limit_rate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, SizeOrVariable, "ngx_http_scgi_module"),
    d("scgi_max_temp_file_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_scgi_module"),
    d("scgi_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_scgi_module"),
    d("scgi_next_upstream_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_scgi_module"),
    d("scgi_next_upstream_tries", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_scgi_module"),
    d("scgi_no_cache", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_scgi_module"),
    d("scgi_param", HTTP|HTTP_SRV|HTTP_LOC, TAKE2|TAKE3, Any, "ngx_http_scgi_module"),
    d("scgi_pass", HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_scgi_module"),
    d("scgi_pass_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_scgi_module"),
    d("scgi_pass_request_body", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_pass_request_headers", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_scgi_module"),
    d("scgi_request_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_scgi_module"),
    d("scgi_socket_keepalive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_scgi_module"),
    d("scgi_socket_rcvbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_scgi_module").since("1.31.3"),
    d("scgi_socket_sndbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_scgi_module").since("1.31.3"),
    d("scgi_store", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_scgi_module"),
    d("scgi_store_access", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_scgi_module"),
    d("scgi_temp_file_write_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_scgi_module"),
    d("scgi_temp_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_http_scgi_module"),
    d("secure_link", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_secure_link_module"),
    d("secure_link_md5", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_secure_link_module"),
    d("secure_link_secret", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_secure_link_module"),
    d("send_lowat", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_core_module"),
    d("send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_core_module"),
    d("sendfile", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "ngx_http_core_module"),
    d("sendfile_max_chunk", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_core_module"),
    d("server", RTMP, NOARGS|BLOCK, Any, "libnginx-mod-rtmp"),
    d("server", HTTP, NOARGS|BLOCK, Any, "ngx_http_core_module"),
    d("server", HTTP_UPS, MORE1, Any, "ngx_http_upstream"),
    d("server", MAIL, NOARGS|BLOCK, Any, "ngx_mail_core_module"),
    d("server", STREAM, NOARGS|BLOCK, Any, "ngx_stream_core_module"),
    d("server", STREAM_UPS, MORE1, Any, "ngx_stream_upstream"),
    d("server_name", HTTP_SRV, MORE1, Any, "ngx_http_core_module"),
    d("server_name", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_core_module"),
    d("server_name", STREAM_SRV, MORE1, Any, "ngx_stream_core_module").since("1.25.5"),
    d("server_name_in_redirect", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("server_names_hash_bucket_size", HTTP, TAKE1, Num, "ngx_http_core_module"),
    d("server_names_hash_bucket_size", STREAM, TAKE1, Num, "ngx_stream_core_module").since("1.25.5"),
    d("server_names_hash_max_size", HTTP, TAKE1, Num, "ngx_http_core_module"),
    d("server_names_hash_max_size", STREAM, TAKE1, Num, "ngx_stream_core_module").since("1.25.5"),
    d("server_rewrite_by_lua_block", HTTP|HTTP_SRV, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("server_rewrite_by_lua_file", HTTP|HTTP_SRV, TAKE1, Any, "libnginx-mod-http-lua"),
    d("server_tokens", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_core_module"),
    d("session_relay", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("set", HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE2, Any, "ngx_http_rewrite_module"),
    d("set", STREAM_SRV, TAKE2, Any, "ngx_stream_set_module"),
    d("set_base32_alphabet", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-set-misc"),
    d("set_base32_padding", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-set-misc"),
    d("set_by_lua", HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, MORE2, Any, "libnginx-mod-http-lua"),
    d("set_by_lua_block", HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|BLOCK, Any, "libnginx-mod-http-lua"),
    d("set_by_lua_file", HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, MORE2, Any, "libnginx-mod-http-lua"),
    d("set_decode_base32", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_decode_base64", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_decode_base64url", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_decode_hex", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_encode_base32", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_encode_base64", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_encode_base64url", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_encode_hex", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_escape_uri", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_formatted_gmt_time", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_formatted_local_time", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_hashed_upstream", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE3, Any, "libnginx-mod-http-set-misc"),
    d("set_hmac_sha1", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE3, Any, "libnginx-mod-http-set-misc"),
    d("set_hmac_sha256", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE3, Any, "libnginx-mod-http-set-misc"),
    d("set_if_empty", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_local_today", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-set-misc"),
    d("set_md5", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_misc_base32_padding", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, FLAG, Flag, "libnginx-mod-http-set-misc"),
    d("set_quote_json_str", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_quote_pgsql_str", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_quote_sql_str", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_random", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE3, Any, "libnginx-mod-http-set-misc"),
    d("set_real_ip_from", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_realip_module"),
    d("set_real_ip_from", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_realip_module"),
    d("set_real_ip_from", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_realip_module"),
    d("set_rotate", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE3, Any, "libnginx-mod-http-set-misc"),
    d("set_secure_random_alphanum", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_secure_random_lcalpha", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_sha1", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("set_unescape_uri", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, TAKE1|TAKE2, Any, "libnginx-mod-http-set-misc"),
    d("slice", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_slice_filter_module"),
    d("smtp_auth", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_smtp_module"),
    d("smtp_capabilities", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_smtp_module"),
    d("smtp_client_buffer", MAIL|MAIL_SRV, TAKE1, Size, "ngx_mail_smtp_module"),
    d("smtp_greeting_delay", MAIL|MAIL_SRV, TAKE1, Msec, "ngx_mail_smtp_module"),
    d("so_keepalive", RTMP|RTMP_SRV, FLAG, Flag, "libnginx-mod-rtmp"),
    d("source_charset", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_charset_filter_module"),
    d("split_clients", HTTP, TAKE2|BLOCK, Any, "ngx_http_split_clients_module"),
    d("split_clients", STREAM, TAKE2|BLOCK, Any, "ngx_stream_split_clients_module"),
    d("srcache_buffer", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Size, "libnginx-mod-http-srcache-filter"),
    d("srcache_default_expire", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Sec, "libnginx-mod-http-srcache-filter"),
    d("srcache_fetch", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE2|TAKE3, Any, "libnginx-mod-http-srcache-filter"),
    d("srcache_fetch_skip", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-srcache-filter"),
    d("srcache_header_buffer_size", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Size, "libnginx-mod-http-srcache-filter"),
    d("srcache_ignore_content_encoding", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-srcache-filter"),
    d("srcache_max_expire", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Sec, "libnginx-mod-http-srcache-filter"),
    d("srcache_methods", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-srcache-filter"),
    d("srcache_request_cache_control", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-srcache-filter"),
    d("srcache_response_cache_control", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-srcache-filter"),
    d("srcache_store", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE2|TAKE3, Any, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_hide_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_max_size", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Size, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_no_cache", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_no_store", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_pass_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_private", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_ranges", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_skip", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, TAKE1, Any, "libnginx-mod-http-srcache-filter"),
    d("srcache_store_statuses", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, MORE1, Any, "libnginx-mod-http-srcache-filter"),
    d("ssi", HTTP|HTTP_SRV|HTTP_LOC|HTTP_LIF, FLAG, Flag, "ngx_http_ssi_filter_module"),
    d("ssi_ignore_recycled_buffers", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_ssi_filter_module"),
    d("ssi_last_modified", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_ssi_filter_module"),
    d("ssi_min_file_chunk", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_ssi_filter_module"),
    d("ssi_silent_errors", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_ssi_filter_module"),
    d("ssi_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_ssi_filter_module"),
    d("ssi_value_length", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_ssi_filter_module"),
    d("ssl", HTTP|HTTP_SRV, FLAG, Any, "ngx_http_ssl_module").removed("1.25.1"),
    d("ssl", MAIL|MAIL_SRV, FLAG, Any, "ngx_mail_ssl_module").removed("1.25.1"),
    d("ssl_alpn", STREAM|STREAM_SRV, MORE1, Any, "ngx_stream_ssl_module"),
    d("ssl_buffer_size", HTTP|HTTP_SRV, TAKE1, Size, "ngx_http_ssl_module"),
    d("ssl_certificate", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_certificate", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_certificate", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_certificate_by_lua_block", HTTP|HTTP_SRV, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("ssl_certificate_by_lua_file", HTTP|HTTP_SRV, TAKE1, Any, "libnginx-mod-http-lua"),
    d("ssl_certificate_cache", HTTP|HTTP_SRV, TAKE1|TAKE2|TAKE3, Any, "ngx_http_ssl_module").since("1.27.4"),
    d("ssl_certificate_cache", STREAM|STREAM_SRV, TAKE1|TAKE2|TAKE3, Any, "ngx_stream_ssl_module").since("1.27.4"),
    d("ssl_certificate_compression", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_ssl_module").since("1.29.1"),
    d("ssl_certificate_compression", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_ssl_module").since("1.29.1"),
    d("ssl_certificate_compression", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_ssl_module").since("1.29.1"),
    d("ssl_certificate_key", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_certificate_key", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_certificate_key", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_ciphers", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_ciphers", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_ciphers", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_client_certificate", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_client_certificate", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_client_certificate", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_client_hello_by_lua_block", HTTP|HTTP_SRV, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("ssl_client_hello_by_lua_file", HTTP|HTTP_SRV, TAKE1, Any, "libnginx-mod-http-lua"),
    d("ssl_conf_command", HTTP|HTTP_SRV, TAKE2, Any, "ngx_http_ssl_module"),
    d("ssl_conf_command", MAIL|MAIL_SRV, TAKE2, Any, "ngx_mail_ssl_module"),
    d("ssl_conf_command", STREAM|STREAM_SRV, TAKE2, Any, "ngx_stream_ssl_module"),
    d("ssl_crl", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_crl", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_crl", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_dhparam", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_dhparam", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_dhparam", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_early_data", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_ssl_module"),
    d("ssl_ecdh_curve", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_ecdh_curve", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_ecdh_curve", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_ech_file", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module").since("1.29.4"),
    d("ssl_ech_file", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module").since("1.29.4"),
    d("ssl_engine", MAIN, TAKE1, Any, "ngx_event_openssl"),
    d("ssl_handshake_timeout", STREAM|STREAM_SRV, TAKE1, Msec, "ngx_stream_ssl_module"),
    d("ssl_object_cache_inheritable", MAIN, FLAG, Flag, "ngx_event_openssl_cache").since("1.27.4"),
    d("ssl_ocsp", HTTP|HTTP_SRV, TAKE1|FLAG, Any, "ngx_http_ssl_module"),
    d("ssl_ocsp", STREAM|STREAM_SRV, TAKE1|FLAG, Any, "ngx_stream_ssl_module").since("1.27.2"),
    d("ssl_ocsp_cache", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_ocsp_cache", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module").since("1.27.2"),
    d("ssl_ocsp_responder", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_ocsp_responder", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module").since("1.27.2"),
    d("ssl_password_file", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_password_file", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_password_file", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_prefer_server_ciphers", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_ssl_module"),
    d("ssl_prefer_server_ciphers", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_ssl_module"),
    d("ssl_prefer_server_ciphers", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_ssl_module"),
    d("ssl_preread", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_ssl_preread_module"),
    d("ssl_protocols", HTTP|HTTP_SRV, MORE1, Any, "ngx_http_ssl_module"),
    d("ssl_protocols", MAIL|MAIL_SRV, MORE1, Any, "ngx_mail_ssl_module"),
    d("ssl_protocols", STREAM|STREAM_SRV, MORE1, Any, "ngx_stream_ssl_module"),
    d("ssl_reject_handshake", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_ssl_module"),
    d("ssl_reject_handshake", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_ssl_module").since("1.25.5"),
    d("ssl_session_cache", HTTP|HTTP_SRV, TAKE1|TAKE2, Any, "ngx_http_ssl_module"),
    d("ssl_session_cache", MAIL|MAIL_SRV, TAKE1|TAKE2, Any, "ngx_mail_ssl_module"),
    d("ssl_session_cache", STREAM|STREAM_SRV, TAKE1|TAKE2, Any, "ngx_stream_ssl_module"),
    d("ssl_session_fetch_by_lua_block", HTTP, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("ssl_session_fetch_by_lua_file", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("ssl_session_store_by_lua_block", HTTP, NOARGS|BLOCK, Any, "libnginx-mod-http-lua"),
    d("ssl_session_store_by_lua_file", HTTP, TAKE1, Any, "libnginx-mod-http-lua"),
    d("ssl_session_ticket_key", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_session_ticket_key", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_session_ticket_key", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_session_tickets", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_ssl_module"),
    d("ssl_session_tickets", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_ssl_module"),
    d("ssl_session_tickets", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_ssl_module"),
    d("ssl_session_timeout", HTTP|HTTP_SRV, TAKE1, Sec, "ngx_http_ssl_module"),
    d("ssl_session_timeout", MAIL|MAIL_SRV, TAKE1, Sec, "ngx_mail_ssl_module"),
    d("ssl_session_timeout", STREAM|STREAM_SRV, TAKE1, Sec, "ngx_stream_ssl_module"),
    d("ssl_stapling", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_ssl_module"),
    d("ssl_stapling", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_ssl_module").since("1.27.2"),
    d("ssl_stapling_file", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_stapling_file", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module").since("1.27.2"),
    d("ssl_stapling_responder", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_stapling_responder", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module").since("1.27.2"),
    d("ssl_stapling_verify", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_ssl_module"),
    d("ssl_stapling_verify", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_ssl_module").since("1.27.2"),
    d("ssl_trusted_certificate", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_trusted_certificate", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_trusted_certificate", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_verify_client", HTTP|HTTP_SRV, TAKE1, Any, "ngx_http_ssl_module"),
    d("ssl_verify_client", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("ssl_verify_client", STREAM|STREAM_SRV, TAKE1, Any, "ngx_stream_ssl_module"),
    d("ssl_verify_depth", HTTP|HTTP_SRV, TAKE1, Num, "ngx_http_ssl_module"),
    d("ssl_verify_depth", MAIL|MAIL_SRV, TAKE1, Num, "ngx_mail_ssl_module"),
    d("ssl_verify_depth", STREAM|STREAM_SRV, TAKE1, Num, "ngx_stream_ssl_module"),
    d("starttls", MAIL|MAIL_SRV, TAKE1, Any, "ngx_mail_ssl_module"),
    d("sticky", HTTP_UPS, MORE2, Any, "ngx_http_upstream_sticky_module").since("1.29.6"),
    d("stream", MAIN, NOARGS|BLOCK, Any, "ngx_stream"),
    d("stream_buckets", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("stub_status", HTTP_SRV|HTTP_LOC, NOARGS|TAKE1, Any, "ngx_http_stub_status_module"),
    d("sub_filter", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_sub_filter_module"),
    d("sub_filter_last_modified", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_sub_filter_module"),
    d("sub_filter_once", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_sub_filter_module"),
    d("sub_filter_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_sub_filter_module"),
    d("subrequest_output_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_core_module"),
    d("subs_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "libnginx-mod-http-subs-filter"),
    d("subs_filter", HTTP|HTTP_SRV|HTTP_LOC, MORE2, Any, "libnginx-mod-http-subs-filter"),
    d("subs_filter_bypass", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-subs-filter"),
    d("subs_filter_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-subs-filter"),
    d("subs_line_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Size, "libnginx-mod-http-subs-filter"),
    d("sync", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("tcp_nodelay", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("tcp_nodelay", STREAM|STREAM_SRV, FLAG, Flag, "ngx_stream_core_module"),
    d("tcp_nopush", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_core_module"),
    d("thread_pool", MAIN, TAKE2|TAKE3, Any, "ngx_thread_pool"),
    d("timeout", RTMP|RTMP_SRV, TAKE1, Msec, "libnginx-mod-rtmp"),
    d("timeout", MAIL|MAIL_SRV, TAKE1, Msec, "ngx_mail_core_module"),
    d("timer_resolution", MAIN, TAKE1, Msec, "nginx"),
    d("track_uploads", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "libnginx-mod-http-uploadprogress"),
    d("try_files", HTTP_SRV|HTTP_LOC, MORE2, Any, "ngx_http_try_files_module"),
    d("tunnel_bind", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_next_upstream_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_next_upstream_tries", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_pass", HTTP_SRV|HTTP_LOC|HTTP_LIF, NOARGS|TAKE1, Any, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_send_lowat", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_socket_keepalive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_tunnel_module").since("1.31.0"),
    d("tunnel_socket_rcvbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_tunnel_module").since("1.31.3"),
    d("tunnel_socket_sndbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_tunnel_module").since("1.31.3"),
    d("types", HTTP|HTTP_SRV|HTTP_LOC, NOARGS|BLOCK, Any, "ngx_http_core_module"),
    d("types_hash_bucket_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_core_module"),
    d("types_hash_max_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_core_module"),
    d("underscores_in_headers", HTTP|HTTP_SRV, FLAG, Flag, "ngx_http_core_module"),
    d("uninitialized_variable_warn", HTTP|HTTP_SRV|HTTP_LOC|HTTP_SIF|HTTP_LIF, FLAG, Flag, "ngx_http_rewrite_module"),
    d("upload_progress", HTTP, TAKE2, Any, "libnginx-mod-http-uploadprogress"),
    d("upload_progress_content_type", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-uploadprogress"),
    d("upload_progress_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-uploadprogress"),
    d("upload_progress_java_output", HTTP|HTTP_SRV|HTTP_LOC, NOARGS, Any, "libnginx-mod-http-uploadprogress"),
    d("upload_progress_json_output", HTTP|HTTP_SRV|HTTP_LOC, NOARGS, Any, "libnginx-mod-http-uploadprogress"),
    d("upload_progress_jsonp_output", HTTP|HTTP_SRV|HTTP_LOC, NOARGS, Any, "libnginx-mod-http-uploadprogress"),
    d("upload_progress_jsonp_parameter", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "libnginx-mod-http-uploadprogress"),
    d("upload_progress_template", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "libnginx-mod-http-uploadprogress"),
    d("upstream", HTTP, TAKE1|BLOCK, Any, "ngx_http_upstream"),
    d("upstream", STREAM, TAKE1|BLOCK, Any, "ngx_stream_upstream"),
    d("upstream_fair_shm_size", HTTP, TAKE1, Any, "libnginx-mod-http-upstream-fair"),
    d("use", EVENTS, TAKE1, Any, "ngx_event"),
    d("user", MAIN, TAKE1|TAKE2, Any, "nginx"),
    d("userid", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_userid_filter_module"),
    d("userid_domain", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_userid_filter_module"),
    d("userid_expires", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_userid_filter_module"),
    d("userid_flags", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_userid_filter_module"),
    d("userid_mark", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_userid_filter_module"),
    d("userid_name", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_userid_filter_module"),
    d("userid_p3p", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_userid_filter_module"),
    d("userid_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_userid_filter_module"),
    d("userid_service", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_userid_filter_module"),
    d("uwsgi_bind", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_buffer_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_uwsgi_module"),
    d("uwsgi_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_buffers", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Bufs, "ngx_http_uwsgi_module"),
    d("uwsgi_busy_buffers_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_uwsgi_module"),
    d("uwsgi_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_background_update", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_bypass", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_lock", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_lock_age", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_lock_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_max_range_offset", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Offset, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_methods", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_min_uses", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_path", HTTP, MORE2, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_purge", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "libnginx-mod-http-cache-purge"),
    d("uwsgi_cache_revalidate", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_use_stale", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_valid", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_connect_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_uwsgi_module"),
    d("uwsgi_force_ranges", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_hide_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ignore_client_abort", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_ignore_headers", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_intercept_errors", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_limit_rate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, SizeOrVariable, "ngx_http_uwsgi_module"),
    d("uwsgi_max_temp_file_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_uwsgi_module"),
    d("uwsgi_modifier1", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_uwsgi_module"),
    d("uwsgi_modifier2", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_uwsgi_module"),
    d("uwsgi_next_upstream", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_next_upstream_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_uwsgi_module"),
    d("uwsgi_next_upstream_tries", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_uwsgi_module"),
    d("uwsgi_no_cache", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_param", HTTP|HTTP_SRV|HTTP_LOC, TAKE2|TAKE3, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_pass", HTTP_LOC|HTTP_LIF, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_pass_header", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_pass_request_body", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_pass_request_headers", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_read_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_uwsgi_module"),
    d("uwsgi_request_buffering", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_send_timeout", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Msec, "ngx_http_uwsgi_module"),
    d("uwsgi_socket_keepalive", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_socket_rcvbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_uwsgi_module").since("1.31.3"),
    d("uwsgi_socket_sndbuf", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_uwsgi_module").since("1.31.3"),
    d("uwsgi_ssl_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_certificate_cache", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_uwsgi_module").since("1.27.4"),
    d("uwsgi_ssl_certificate_key", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_ciphers", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_conf_command", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_crl", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_name", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_password_file", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_protocols", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_server_name", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_session_reuse", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_trusted_certificate", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_verify", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_uwsgi_module"),
    d("uwsgi_ssl_verify_depth", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Num, "ngx_http_uwsgi_module"),
    d("uwsgi_store", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_store_access", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_string", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_uwsgi_module"),
    d("uwsgi_temp_file_write_size", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Size, "ngx_http_uwsgi_module"),
    d("uwsgi_temp_path", HTTP|HTTP_SRV|HTTP_LOC, TAKE1|TAKE2|TAKE3|TAKE4, Any, "ngx_http_uwsgi_module"),
    d("valid_referers", HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_referer_module"),
    d("variables_hash_bucket_size", HTTP, TAKE1, Num, "ngx_http_core_module"),
    d("variables_hash_bucket_size", STREAM, TAKE1, Num, "ngx_stream_core_module"),
    d("variables_hash_max_size", HTTP, TAKE1, Num, "ngx_http_core_module"),
    d("variables_hash_max_size", STREAM, TAKE1, Num, "ngx_stream_core_module"),
    d("wait_key", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("wait_video", RTMP|RTMP_SRV|RTMP_APP, TAKE1, Any, "libnginx-mod-rtmp"),
    d("worker_aio_requests", EVENTS, TAKE1, Num, "ngx_epoll_module"),
    d("worker_connections", EVENTS, TAKE1, Any, "ngx_event"),
    d("worker_cpu_affinity", MAIN, MORE1, Any, "nginx"),
    d("worker_priority", MAIN, TAKE1, Any, "nginx"),
    d("worker_processes", MAIN, TAKE1, Any, "nginx"),
    d("worker_rlimit_core", MAIN, TAKE1, Offset, "nginx"),
    d("worker_rlimit_nofile", MAIN, TAKE1, Num, "nginx"),
    d("worker_shutdown_timeout", MAIN, TAKE1, Msec, "nginx"),
    d("working_directory", MAIN, TAKE1, Any, "nginx"),
    d("xclient", MAIL|MAIL_SRV, FLAG, Flag, "ngx_mail_proxy_module"),
    d("xml_entities", HTTP|HTTP_SRV|HTTP_LOC, TAKE1, Any, "ngx_http_xslt_filter_module"),
    d("xml_external_entities", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_xslt_filter_module").since("1.31.3"),
    d("xslt_last_modified", HTTP|HTTP_SRV|HTTP_LOC, FLAG, Flag, "ngx_http_xslt_filter_module"),
    d("xslt_param", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_xslt_filter_module"),
    d("xslt_string_param", HTTP|HTTP_SRV|HTTP_LOC, TAKE2, Any, "ngx_http_xslt_filter_module"),
    d("xslt_stylesheet", HTTP_LOC, MORE1, Any, "ngx_http_xslt_filter_module"),
    d("xslt_types", HTTP|HTTP_SRV|HTTP_LOC, MORE1, Any, "ngx_http_xslt_filter_module"),
    d("zone", HTTP_UPS, TAKE1|TAKE2, Any, "ngx_http_upstream_zone_module"),
    d("zone", STREAM_UPS, TAKE1|TAKE2, Any, "ngx_stream_upstream_zone_module"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_unique() {
        for w in DIRECTIVES.windows(2) {
            assert!(
                (w[0].name, w[0].module) < (w[1].name, w[1].module),
                "{} {} / {} {}",
                w[0].name,
                w[0].module,
                w[1].name,
                w[1].module
            );
        }
    }

    #[test]
    fn server_per_context() {
        let s = lookup("server");
        assert!(s
            .iter()
            .any(|d| d.allowed_in(Context::Http) && d.is_block()));
        assert!(s
            .iter()
            .any(|d| d.allowed_in(Context::HttpUpstream) && !d.is_block()));
        assert!(s.iter().any(|d| d.allowed_in(Context::StreamUpstream)));
        assert!(s.iter().any(|d| d.allowed_in(Context::Mail)));
        assert!(!s.iter().any(|d| d.allowed_in(Context::HttpLocation)));
    }

    #[test]
    fn arity() {
        let fp = lookup("fastcgi_pass")[0];
        assert!(fp.arity_ok(1));
        assert!(!fp.arity_ok(0));
        assert!(!fp.arity_ok(2));
        let on = lookup("sendfile")[0];
        assert_eq!(on.value, Value::Flag);
        assert!(!on.arity_ok(2));
        assert_eq!(lookup("fastcgi_buffers")[0].value, Value::Bufs);
        assert_eq!(lookup("fastcgi_read_timeout")[0].value, Value::Msec);
        assert_eq!(lookup("fastcgi_max_temp_file_size")[0].value, Value::Size);
        assert_eq!(lookup("client_max_body_size")[0].value, Value::Offset);
        assert_eq!(lookup("location")[0].arity_text(), "1 or 2 arguments");
        assert_eq!(lookup("user")[0].arity_text(), "1 or 2 arguments");
        assert!(lookup("include")[0].allowed_in(Context::StreamUpstream));
        assert_eq!(lookup("http2")[0].since, Some("1.25.1"));
        assert_eq!(has_since("1.25", "1.25.1"), Some(true));
        assert_eq!(has_since("1.25.0", "1.25.1"), Some(false));
        assert_eq!(has_since("1.24", "1.25.1"), Some(false));
        assert_eq!(has_since("1.27.4", "1.25.1"), Some(true));
        assert_eq!(has_since("latest", "1.25.1"), None);
        assert!(lookup("more_set_headers")[0].third_party());
    }

    #[test]
    fn bodies() {
        assert_eq!(
            block_body(Context::HttpLocation, "if"),
            Body::Directives(Context::HttpLocationIf)
        );
        assert_eq!(block_body(Context::Http, "map"), Body::Data);
        assert_eq!(
            block_body(Context::Stream, "server"),
            Body::Directives(Context::StreamServer)
        );
    }
}
