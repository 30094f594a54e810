//! Open connections counted per remote address.
//!
//! The citizen gateway and the document node accept connections from clients that may be
//! hostile. Besides a cap on all open connections, each caps those from one address, so a single
//! client cannot hold every slot while its requests time out. This crate is that one rule, used
//! by both servers at accept time.

use std::{
	collections::{hash_map::Entry, HashMap},
	net::IpAddr,
	sync::{Arc, Mutex},
};

/// Open connections per remote address, at most `max` each. An entry lives only while its
/// address has a connection open, so the table has no more entries than open connections.
pub struct PerAddress {
	open: Mutex<HashMap<IpAddr, usize>>,
	max: usize,
}

impl PerAddress {
	/// A table allowing `max` open connections per address.
	pub fn new(max: usize) -> Arc<Self> {
		Arc::new(PerAddress { open: Mutex::new(HashMap::new()), max })
	}

	/// Counts one more connection from `ip`, unless it has `max` open already. The connection
	/// is uncounted when the returned slot is dropped: keep it as long as the connection lives.
	pub fn open(self: &Arc<Self>, ip: IpAddr) -> Option<AddressSlot> {
		let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
		let count = open.entry(ip).or_insert(0);
		if *count >= self.max {
			return None;
		}
		*count += 1;
		Some(AddressSlot { table: self.clone(), ip })
	}
}

/// One open connection from an address; dropping it (the connection closed) uncounts it.
pub struct AddressSlot {
	table: Arc<PerAddress>,
	ip: IpAddr,
}

impl Drop for AddressSlot {
	fn drop(&mut self) {
		let mut open = self.table.open.lock().unwrap_or_else(|e| e.into_inner());
		if let Entry::Occupied(mut entry) = open.entry(self.ip) {
			*entry.get_mut() -= 1;
			if *entry.get() == 0 {
				entry.remove();
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn each_address_gets_its_own_allowance_back_when_connections_close() {
		let table = PerAddress::new(2);
		let a: IpAddr = [127, 0, 0, 2].into();
		let b: IpAddr = [127, 0, 0, 3].into();
		let first = table.open(a).expect("within the limit");
		let _second = table.open(a).expect("within the limit");
		assert!(table.open(a).is_none(), "a third from one address");
		assert!(table.open(b).is_some(), "another address is not affected");
		drop(first);
		let _again = table.open(a).expect("a closed connection gives its slot back");
		assert!(table.open(a).is_none(), "the slot was given back once");
	}
}
