//! The SSRF guard: which addresses a fetch may connect to.
//!
//! A feed list or a redirect must not make the fetcher reach the machine's
//! own services, the cloud metadata endpoint (169.254.169.254) or the
//! internal network. Addresses are checked three times: IP-literal hosts
//! before a request, each redirect hop in the redirect policy, and every
//! address a host name resolves to in the DNS resolver, so a name that
//! points at 127.0.0.1 is caught after resolution and a connection can only
//! go to an address that passed.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// An address the guard refused, with the kind of range it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The address (or host) refused.
    pub addr: String,
    /// What kind of address it is: "loopback", "private", "link-local", ...
    pub reason: &'static str,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "refused to connect to {}: {} address",
            self.addr, self.reason
        )
    }
}

impl std::error::Error for Refusal {}

/// Which addresses may be fetched.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    allow_private: bool,
    allowed: Vec<Cidr>,
}

impl Guard {
    /// A guard that refuses non-public addresses unless `allow_private`,
    /// except those in `allow_addresses` (addresses or CIDR ranges).
    pub fn new(allow_private: bool, allow_addresses: &[String]) -> Result<Self, String> {
        let allowed = allow_addresses
            .iter()
            .map(|text| {
                Cidr::parse(text)
                    .ok_or_else(|| format!("bad address or range {text:?} in allow_addresses"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Guard {
            allow_private,
            allowed,
        })
    }

    /// Checks one address; `Err` names why it is refused.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Refusal> {
        if self.allow_private || self.allowed.iter().any(|c| c.contains(ip)) {
            return Ok(());
        }
        match non_public_reason(ip) {
            Some(reason) => Err(Refusal {
                addr: ip.to_string(),
                reason,
            }),
            None => Ok(()),
        }
    }

    /// Checks a URL whose host is an IP literal; names are checked when they
    /// are resolved. `Ok` for host names.
    pub fn check_url(&self, url: &url::Url) -> Result<(), Refusal> {
        match url.host() {
            Some(url::Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip)),
            _ => Ok(()),
        }
    }
}

/// Why `ip` is not a public unicast address, or `None` when it is.
///
/// The ranges are those of the IANA special-purpose registries that are not
/// globally reachable, plus multicast. IPv6 forms that embed an IPv4 address
/// (mapped, compatible, NAT64, 6to4) are judged by that address, so
/// `::ffff:127.0.0.1` cannot slip through.
pub fn non_public_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    let reason = match (a, b, c) {
        (0, _, _) => "unspecified (0.0.0.0/8)",
        (10, _, _) => "private",
        (100, 64..=127, _) => "shared CGNAT (100.64.0.0/10)",
        (127, _, _) => "loopback",
        (169, 254, _) => "link-local",
        (172, 16..=31, _) => "private",
        (192, 0, 0) => "IETF protocol assignment (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (192, 88, 99) => "6to4 relay anycast",
        (192, 168, _) => "private",
        (198, 18..=19, _) => "benchmarking (198.18.0.0/15)",
        (224..=239, _, _) => "multicast",
        (240..=255, _, _) => "reserved (240.0.0.0/4)",
        _ => return None,
    };
    Some(reason)
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    let s = ip.segments();
    // IPv4-mapped ::ffff:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d.
    if s[..5] == [0; 5] && (s[5] == 0xffff || s[5] == 0) {
        return v4_reason(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ));
    }
    // NAT64 64:ff9b::a.b.c.d (RFC 6052) and 64:ff9b:1::/48 (RFC 8215).
    if s[0] == 0x64 && s[1] == 0xff9b {
        if s[2..6] == [0; 4] {
            return v4_reason(Ipv4Addr::new(
                (s[6] >> 8) as u8,
                s[6] as u8,
                (s[7] >> 8) as u8,
                s[7] as u8,
            ));
        }
        if s[2] == 1 {
            return Some("local-use NAT64 (64:ff9b:1::/48)");
        }
    }
    // 6to4 2002:a.b.c.d::/48 routes to the embedded IPv4 address.
    if s[0] == 0x2002 {
        return v4_reason(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    let reason = match s[0] {
        0x100 if s[1..4] == [0; 3] => "discard-only (100::/64)",
        0x2001 if s[1] == 0 => "Teredo (2001::/32)",
        0x2001 if s[1] == 0xdb8 => "documentation",
        0x2001 if s[1] < 0x200 => "IETF protocol assignment (2001::/23)",
        x if x & 0xfe00 == 0xfc00 => "unique local (fc00::/7)",
        x if x & 0xffc0 == 0xfe80 => "link-local",
        x if x & 0xffc0 == 0xfec0 => "site-local (fec0::/10)",
        x if x & 0xff00 == 0xff00 => "multicast",
        _ => return None,
    };
    Some(reason)
}

/// An address range `addr/prefix` (a bare address is a /32 or /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    fn parse(text: &str) -> Option<Cidr> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        fn masked(bits: u128, prefix: u8, width: u8) -> u128 {
            if prefix == 0 {
                0
            } else {
                bits >> (width - prefix)
            }
        }
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                masked(u32::from(net).into(), self.prefix, 32)
                    == masked(u32::from(ip).into(), self.prefix, 32)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                masked(u128::from(net), self.prefix, 128)
                    == masked(u128::from(ip), self.prefix, 128)
            }
            // An allowed IPv4 range also covers its IPv4-mapped IPv6 form.
            (IpAddr::V4(_), IpAddr::V6(ip)) => ip
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

/// A DNS resolver that drops the addresses the guard refuses, and fails
/// when none is left, so a name cannot lead to a private address.
pub(crate) struct GuardedResolver {
    pub(crate) guard: Arc<Guard>,
    /// The proxy's host, which the operator chose and is not checked.
    pub(crate) exempt_host: Option<String>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.guard.clone();
        let exempt = self
            .exempt_host
            .as_deref()
            .is_some_and(|h| h.eq_ignore_ascii_case(name.as_str()));
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if exempt {
                return Ok(Box::new(addrs.into_iter()) as Addrs);
            }
            let mut first_refusal = None;
            let allowed: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| match guard.check_ip(a.ip()) {
                    Ok(()) => true,
                    Err(r) => {
                        first_refusal.get_or_insert(r);
                        false
                    }
                })
                .collect();
            if allowed.is_empty() {
                if let Some(r) = first_refusal {
                    let refusal = Refusal {
                        addr: format!("{host} ({})", r.addr),
                        reason: r.reason,
                    };
                    return Err(Box::new(refusal) as Box<dyn std::error::Error + Send + Sync>);
                }
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> Option<&'static str> {
        non_public_reason(text.parse().unwrap())
    }

    #[test]
    fn refuses_non_public_ranges() {
        for addr in [
            "127.0.0.1",
            "127.255.0.9",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "198.18.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001:db8::1",
        ] {
            assert!(reason(addr).is_some(), "{addr} should be refused");
        }
    }

    #[test]
    fn allows_public_addresses() {
        for addr in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.0.1",
            "172.32.0.1",
            "192.169.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert_eq!(reason(addr), None, "{addr} should be allowed");
        }
    }

    #[test]
    fn allow_list_and_allow_private() {
        let guard = Guard::new(false, &["127.0.0.2".into(), "10.1.0.0/16".into()]).unwrap();
        assert!(guard.check_ip("127.0.0.2".parse().unwrap()).is_ok());
        assert!(guard.check_ip("::ffff:127.0.0.2".parse().unwrap()).is_ok());
        assert!(guard.check_ip("127.0.0.1".parse().unwrap()).is_err());
        assert!(guard.check_ip("10.1.200.3".parse().unwrap()).is_ok());
        assert!(guard.check_ip("10.2.0.1".parse().unwrap()).is_err());
        let open = Guard::new(true, &[]).unwrap();
        assert!(open.check_ip("127.0.0.1".parse().unwrap()).is_ok());
        assert!(Guard::new(false, &["10.0.0.0/33".into()]).is_err());
        assert!(Guard::new(false, &["nonsense".into()]).is_err());
        let all = Guard::new(false, &["0.0.0.0/0".into()]).unwrap();
        assert!(all.check_ip("10.0.0.1".parse().unwrap()).is_ok());
    }

    #[test]
    fn ip_literal_urls_are_checked() {
        let guard = Guard::new(false, &[]).unwrap();
        let refused = guard
            .check_url(&"http://10.0.0.1/feed".parse().unwrap())
            .unwrap_err();
        assert_eq!(refused.addr, "10.0.0.1");
        assert_eq!(refused.reason, "private");
        assert!(guard
            .check_url(&"http://[::1]:8080/".parse().unwrap())
            .is_err());
        assert!(
            guard.check_url(&"http://0x7f.1/".parse().unwrap()).is_err(),
            "the URL parser normalises hex IPv4"
        );
        assert!(
            guard
                .check_url(&"http://2130706433/".parse().unwrap())
                .is_err(),
            "and decimal IPv4"
        );
        assert!(guard
            .check_url(&"http://example.com/".parse().unwrap())
            .is_ok());
    }
}
