//! Which `Host` a request may name. A page of another site can make the
//! browser send requests to the preview server (DNS rebinding: a name the
//! attacker controls is pointed at 127.0.0.1), and would then read the
//! unpublished site and its error reports. Such a request always names the
//! attacker's host, so the server answers only requests for loopback names,
//! IP literals it can be reached at, and the name it was started with.

use std::net::IpAddr;

/// The hosts a server bound to one address answers for.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    /// The address the server listens on.
    bound: IpAddr,
    /// The host name given with `--bind`, lowercased, when it was a name.
    name: Option<String>,
}

impl AllowedHosts {
    pub fn new(bound: IpAddr, name: Option<&str>) -> Self {
        let name = name.map(|n| n.trim_end_matches('.').to_ascii_lowercase()).filter(|n| !n.is_empty());
        AllowedHosts { bound, name }
    }

    /// Whether a request whose `Host` header is `host` (None: no header) may
    /// be answered. The port is ignored: only the name can be an attacker's.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(name) = host.and_then(host_without_port) else { return false };
        if let Some(ip) = ip_literal(name) {
            // A rebinding attack needs a DNS name, so any IP literal is safe; but
            // a server bound to one address answers only for that one and loopback.
            return ip.is_loopback() || ip == self.bound || self.bound.is_unspecified();
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost" || name.ends_with(".localhost") || self.name.as_deref() == Some(name.as_str())
    }
}

/// `name`, `name:port`, `1.2.3.4:port`, `[::1]:port` without the port (an
/// IPv6 address keeps its brackets); None when the header cannot be a host.
fn host_without_port(host: &str) -> Option<&str> {
    let host = host.trim();
    if let Some(bracketed) = host.strip_prefix('[') {
        let (inside, after) = bracketed.split_once(']')?;
        return (after.is_empty() || after.starts_with(':')).then_some(&host[..inside.len() + 2]);
    }
    let name = host.split_once(':').map_or(host, |(name, _port)| name);
    (!name.is_empty() && !name.contains(['/', '@', ' '])).then_some(name)
}

/// The address a host names literally (`127.0.0.1`, `[::1]`), in its canonical
/// form (`[::ffff:127.0.0.1]` is 127.0.0.1).
fn ip_literal(name: &str) -> Option<IpAddr> {
    let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
    match literal {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().ok().map(|ip| IpAddr::V6(ip).to_canonical()),
        None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_allowed_by_where_the_server_listens() {
        let loopback = AllowedHosts::new([127, 0, 0, 1].into(), None);
        let lan = AllowedHosts::new([192, 168, 1, 5].into(), None);
        let everywhere = AllowedHosts::new([0, 0, 0, 0].into(), None);
        let everywhere_v6 = AllowedHosts::new(std::net::Ipv6Addr::UNSPECIFIED.into(), None);
        let named = AllowedHosts::new([192, 168, 1, 5].into(), Some("Monitor.LAN"));
        // (Host header, allowed on loopback, on 192.168.1.5, on 0.0.0.0, on ::, on 192.168.1.5 named monitor.lan)
        let table: &[(Option<&str>, [bool; 5])] = &[
            (Some("localhost"), [true; 5]),
            (Some("localhost:1111"), [true; 5]),
            (Some("LocalHost:80"), [true; 5]),
            (Some("localhost."), [true; 5]),
            (Some("preview.localhost:1111"), [true; 5]),
            (Some("127.0.0.1:1111"), [true; 5]),
            (Some("127.8.9.10"), [true; 5]),
            (Some("[::1]:1111"), [true; 5]),
            (Some("[::1]"), [true; 5]),
            (Some("[::ffff:127.0.0.1]:1111"), [true; 5]),
            (Some("192.168.1.5:1111"), [false, true, true, true, true]),
            (Some("10.0.0.7:1111"), [false, false, true, true, false]),
            (Some("[2001:db8::1]:1111"), [false, false, true, true, false]),
            (Some("monitor.lan:1111"), [false, false, false, false, true]),
            (Some("evil.example"), [false; 5]),
            (Some("evil.example:1111"), [false; 5]),
            (Some("localhost.evil.example"), [false; 5]),
            (Some("127.0.0.1.evil.example"), [false; 5]),
            (Some("evillocalhost"), [false; 5]),
            (Some("2130706433"), [false; 5]),
            (Some("::1"), [false; 5]),
            (Some("[::1]x"), [false; 5]),
            (Some("[]"), [false; 5]),
            (Some("user@localhost"), [false; 5]),
            (Some(""), [false; 5]),
            (Some(":1111"), [false; 5]),
            (None, [false; 5]),
        ];
        for (host, expected) in table {
            let allowed = [&loopback, &lan, &everywhere, &everywhere_v6, &named].map(|rule| rule.allows(*host));
            assert_eq!(&allowed, expected, "Host: {host:?}");
        }
    }
}
