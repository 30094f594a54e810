//! # Runtime fuzzer
//!
//! Runs the real Safety Net Chain runtime natively, block by block, the way a node builds blocks,
//! and throws random but plausible transactions at it: every call of our pallets and the
//! governance, money and council calls around them, from agency administrators, staff of every
//! role, citizens of every role, strangers and the council (as its passed motions), with arguments
//! drawn from what the chain holds (open cases, agencies, accounts, pending requests, motions) and
//! from edge values (malformed CIDs and regions, zero and huge amounts). After every block it
//! checks that nothing panicked and that every pallet's `do_try_state`, and a few invariants that
//! span pallets, still hold.
//!
//! Why natively rather than against a node: thousands of blocks a minute instead of one every
//! three seconds, and a panic is caught where it happens, with the call that caused it.
//!
//! A block is built as `sc-basic-authorship` builds one:
//! - a header whose digest carries Aura's pre-runtime slot for the block's timestamp;
//! - `Executive::initialize_block`, then the timestamp inherent as a bare extrinsic;
//! - each transaction applied in a storage transaction of its own, rolled back when the runtime
//!   refuses it (`Err(TransactionValidityError)`), as the block builder does, and also when it
//!   panics (a panic aborts the wasm runtime's call; here it is caught, counted and reported);
//! - `Executive::finalize_block`, and the block's changes committed to the state.
//!
//! A run is cut into episodes of a bounded number of blocks, each starting from the `development`
//! genesis and the same set-up (16 agencies of every kind in nested regions, staff of every role,
//! citizens of every role with overlapping households). State, and with it the cost of
//! `try_state`, stays bounded, and one episode can be replayed alone. Everything follows from the
//! seed: the generator is SplitMix64, generated accounts sign with ed25519 (deterministic
//! signatures), and no outcome depends on a block hash (proof of work is ground until it is
//! certainly good or certainly bad), so `--seed S --episode E` replays an episode exactly.
//!
//! Usage: `fuzz_runtime [--seed N] [--seconds N | --blocks N] [--episode-blocks N] [--episode E]
//!         [--keep-going] [--trace] [--report docs/reliability.md] [--note TEXT]`
//!
//! Exit status: 0 when nothing panicked and every check held, 1 otherwise (the seed, episode,
//! block and the block's transactions are printed), 2 on bad arguments, 3 when a block hangs.

use codec::{Decode, DecodeLimit, Encode};
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{GetCallMetadata, PalletInfoAccess, UnfilteredDispatchable},
	weights::Weight,
	BoundedVec,
};
use pallet_registration::{
	Agency, Citizen, PendingRequest, ProofOfWork, Quota, RegistrationForm, RejectionReason,
	RequestCost, StaffMember, Verification,
};
use safetynet_primitives::{
	cases::{Case, CaseId, CaseStatus, ExtraDocuments, ScheduleId, Service, Step},
	cid::{cid_v1_sha256, raw_cid_of, CODEC_DAG_PB, CODEC_RAW},
	AgencyId, AgencyKind, Cid, Household, IdentityHash, ParticipantClass, ParticipantRegistry,
	RegionCode, Role, RoleSet,
};
use safetynet_runtime::{
	AccountId, Balance, BlockNumber, Executive, Header, Runtime, RuntimeCall, RuntimeError,
	RuntimeEvent, RuntimeGenesisConfig, SignedPayload, UncheckedExtrinsic, SLOT_DURATION, VERSION,
	YUAN,
};
use sp_core::{crypto::Pair as _, ed25519, sr25519, storage::Storage, traits::Externalities, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem, Era},
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	BuildStorage, DispatchError, ModuleError, MultiAddress, MultiSignature, Permill,
};
use std::{
	collections::{BTreeMap, BTreeSet},
	panic::{catch_unwind, AssertUnwindSafe},
	process::ExitCode,
	sync::{
		atomic::{AtomicU64, Ordering},
		Mutex,
	},
	time::{Duration, Instant},
};

type CouncilInstance = pallet_collective::Instance1;
type ReviewInstance = pallet_collective::Instance2;
type CaseOf = Case<AccountId, BlockNumber>;
type Registry = pallet_registration::Pallet<Runtime>;
type AssistanceParameters =
	pallet_service_parameters::Parameters<Runtime, pallet_service_parameters::Instance2>;
type WelfareParameters =
	pallet_service_parameters::Parameters<Runtime, pallet_service_parameters::Instance3>;

// ------------------------------------------------------------------------------------------------
// Randomness
// ------------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, good enough to spread choices, and the whole run follows from one
/// `u64`.
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	/// A number in `0..n` (0 when `n` is 0).
	fn below(&mut self, n: u64) -> u64 {
		if n == 0 {
			0
		} else {
			self.next() % n
		}
	}

	/// A number in `lo..=hi`.
	fn range(&mut self, lo: u64, hi: u64) -> u64 {
		lo + self.below(hi.saturating_sub(lo).saturating_add(1))
	}

	/// True `percent` times out of a hundred.
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}

	fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
		if items.is_empty() {
			None
		} else {
			Some(&items[self.below(items.len() as u64) as usize])
		}
	}

	fn bytes(&mut self, len: usize) -> Vec<u8> {
		(0..len).map(|_| self.next() as u8).collect()
	}

	fn array32(&mut self) -> [u8; 32] {
		let mut out = [0u8; 32];
		out.copy_from_slice(&self.bytes(32));
		out
	}
}

/// The seed of episode `episode` of the run seeded with `seed`: episodes are independent, so one
/// can be replayed without the ones before it.
fn episode_seed(seed: u64, episode: u64) -> u64 {
	Rng(seed ^ episode.wrapping_mul(0xD1B5_4A32_D192_ED03)).next()
}

// ------------------------------------------------------------------------------------------------
// Keys
// ------------------------------------------------------------------------------------------------

/// A key the fuzzer signs with.
#[derive(Clone)]
enum Key {
	/// Generated accounts: ed25519 signatures are deterministic, so a seed replays byte for byte.
	Ed(Box<ed25519::Pair>),
	/// The development keys (Alice, agency 0's administrator, and the funded strangers) are
	/// sr25519.
	Sr(Box<sr25519::Pair>),
}

impl Key {
	fn account(&self) -> AccountId {
		match self {
			Key::Ed(pair) => AccountId::from(pair.public().0),
			Key::Sr(pair) => AccountId::from(pair.public().0),
		}
	}

	fn sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			Key::Ed(pair) => MultiSignature::Ed25519(pair.sign(message)),
			Key::Sr(pair) => MultiSignature::Sr25519(pair.sign(message)),
		}
	}
}

/// Every account the fuzzer can sign for, with a name for traces.
#[derive(Default)]
struct Keys {
	keys: BTreeMap<AccountId, Key>,
	names: BTreeMap<AccountId, String>,
	/// Accounts the set-up does not register: they may only ask to register.
	strangers: Vec<AccountId>,
	/// How many fresh accounts were made (names them).
	fresh: u64,
}

impl Keys {
	fn insert(&mut self, name: String, key: Key) -> AccountId {
		let who = key.account();
		self.keys.insert(who.clone(), key);
		self.names.insert(who.clone(), name);
		who
	}

	/// The account named `name`: the same name gives the same account in every episode.
	fn named(&mut self, name: &str) -> AccountId {
		let seed = sp_io::hashing::blake2_256(format!("safetynet-fuzz/{name}").as_bytes());
		self.insert(name.into(), Key::Ed(Box::new(ed25519::Pair::from_seed(&seed))))
	}

	/// A brand-new account.
	fn fresh(&mut self, kind: &str) -> AccountId {
		self.fresh += 1;
		let name = format!("{kind}-{}", self.fresh);
		self.named(&name)
	}

	fn has(&self, who: &AccountId) -> bool {
		self.keys.contains_key(who)
	}

	fn name(&self, who: &AccountId) -> String {
		self.names.get(who).cloned().unwrap_or_else(|| {
			let bytes: &[u8] = who.as_ref();
			format!("0x{}…", hex(&bytes[..4]))
		})
	}
}

/// The agencies' seal and custodian keys the fuzzer holds, by public key: what seals approved
/// cases and signs erasure receipts.
#[derive(Default)]
struct SealKeys(BTreeMap<[u8; 32], sr25519::Pair>);

impl SealKeys {
	fn add(&mut self, pair: sr25519::Pair) -> sr25519::Public {
		let public = pair.public();
		self.0.insert(public.0, pair);
		public
	}
}

fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ------------------------------------------------------------------------------------------------
// The chain: genesis, blocks, transactions
// ------------------------------------------------------------------------------------------------

/// 2026-01-01T00:00:00Z, a multiple of the slot duration: the first block's time.
const START_MS: u64 = 1_767_225_600_000;

/// The `development` preset over the runtime's defaults, as the node's chain spec builder merges
/// them, built into genesis storage.
fn genesis_storage() -> Storage {
	let mut json =
		serde_json::to_value(RuntimeGenesisConfig::default()).expect("defaults serialize");
	merge_json(&mut json, safetynet_runtime::genesis_config_presets::development_config_genesis());
	let config: RuntimeGenesisConfig =
		serde_json::from_value(json).expect("the development preset is a valid genesis config");
	config.build_storage().expect("the development genesis builds")
}

/// Merges JSON object `from` into `into`, key by key (a genesis patch over the defaults).
fn merge_json(into: &mut serde_json::Value, from: serde_json::Value) {
	match (into, from) {
		(serde_json::Value::Object(into), serde_json::Value::Object(from)) =>
			for (key, value) in from {
				merge_json(into.entry(key).or_insert(serde_json::Value::Null), value);
			},
		(into, from) => *into = from,
	}
}

/// The result of one dispatch a wrapper (a council motion, `dispatch_as_root`) reported in an
/// event.
type InnerResult = Result<(), DispatchError>;

/// What became of one extrinsic.
enum Applied {
	/// In the block, and the call succeeded; `inner` are the results wrapped calls reported.
	Ok { inner: Vec<(InnerKind, InnerResult)> },
	/// In the block, but the call failed.
	Failed { error: DispatchError, inner: Vec<(InnerKind, InnerResult)> },
	/// Refused: not in the block.
	Refused(TransactionValidityError),
	/// The runtime panicked (message and location).
	Panicked(String),
}

/// Which wrapper reported an inner result.
#[derive(Clone, Copy, PartialEq)]
enum InnerKind {
	/// A collective's `Executed`: the motion's proposal.
	Collective,
	/// `Consortium::dispatch_as_root`: the call it dispatched as root.
	Root,
}

/// The runtime's state and the block being built.
struct Chain {
	ext: sp_io::TestExternalities,
	parent: H256,
	number: BlockNumber,
	now_ms: u64,
}

impl Chain {
	fn new(genesis: &Storage) -> Self {
		let mut ext = sp_io::TestExternalities::new(genesis.clone());
		let parent = ext.execute_with(|| frame_system::BlockHash::<Runtime>::get(0));
		Chain { ext, parent, number: 0, now_ms: START_MS }
	}

	/// Runs `f` against the state.
	fn with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	/// Starts the next block `slots` slots after the last one, as an Aura author would: the slot
	/// in the pre-runtime digest matches the timestamp the inherent sets.
	fn open_block(&mut self, slots: u64) {
		self.number += 1;
		self.now_ms += slots * SLOT_DURATION;
		let slot = sp_consensus_aura::Slot::from(self.now_ms / SLOT_DURATION);
		let digest = Digest {
			logs: vec![DigestItem::PreRuntime(sp_consensus_aura::AURA_ENGINE_ID, slot.encode())],
		};
		let header =
			Header::new(self.number, Default::default(), Default::default(), self.parent, digest);
		let now = self.now_ms;
		self.with(|| {
			Executive::initialize_block(&header);
			let call = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
			let applied = Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(call));
			assert!(matches!(applied, Ok(Ok(()))), "the timestamp inherent failed: {applied:?}");
		});
	}

	/// Applies `tx` in a storage transaction of its own: kept if it is in the block, rolled back
	/// if the runtime refused it or panicked (the block builder drops both).
	fn apply(&mut self, tx: Tx) -> Applied {
		let depth = self.ext.overlayed_changes().transaction_depth();
		self.ext.ext().storage_start_transaction();
		take_panic();
		let outcome = catch_unwind(AssertUnwindSafe(|| {
			self.ext.execute_with(|| {
				let index = frame_system::Pallet::<Runtime>::extrinsic_index().unwrap_or_default();
				let result = match tx {
					Tx::Extrinsic(xt) => Executive::apply_extrinsic(xt),
					// As `Consortium::dispatch_as_root` dispatches a passed motion's call.
					Tx::Root(call) => Ok(call
						.dispatch_bypass_filter(frame_system::RawOrigin::Root.into())
						.map(|_| ())
						.map_err(|e| e.error)),
				};
				let inner = if result.is_ok() { inner_results(index) } else { Vec::new() };
				(result, inner)
			})
		}));
		let (keep, applied) = match outcome {
			Ok((Ok(Ok(())), inner)) => (true, Applied::Ok { inner }),
			Ok((Ok(Err(error)), inner)) => (true, Applied::Failed { error, inner }),
			Ok((Err(refusal), _)) => (false, Applied::Refused(refusal)),
			Err(payload) => (false, Applied::Panicked(panic_text(payload))),
		};
		// A panic may have left the runtime's own storage layers open: close them all.
		while self.ext.overlayed_changes().transaction_depth() > depth + 1 {
			let _ = self.ext.ext().storage_rollback_transaction();
		}
		if keep {
			self.ext.ext().storage_commit_transaction().expect("opened above");
		} else {
			self.ext.ext().storage_rollback_transaction().expect("opened above");
		}
		applied
	}

	/// Finishes the block and commits its changes to the state, as an imported block is.
	fn close_block(&mut self) {
		let header = self.with(Executive::finalize_block);
		self.parent = header.hash();
		self.ext.commit_all().expect("no transaction is left open");
	}
}

/// The results wrapped calls reported, in the events of extrinsic `index`.
fn inner_results(index: u32) -> Vec<(InnerKind, InnerResult)> {
	let phase = frame_system::Phase::ApplyExtrinsic(index);
	frame_system::Pallet::<Runtime>::read_events_no_consensus()
		.filter(|record| record.phase == phase)
		.filter_map(|record| match record.event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) |
			RuntimeEvent::ReviewTeam(pallet_collective::Event::Executed { result, .. }) =>
				Some((InnerKind::Collective, result)),
			RuntimeEvent::Consortium(pallet_consortium::Event::DispatchedAsRoot { result }) =>
				Some((InnerKind::Root, result)),
			_ => None,
		})
		.collect()
}

// ------------------------------------------------------------------------------------------------
// Checks after every block
// ------------------------------------------------------------------------------------------------

/// Every pallet's own invariants.
fn pallet_checks() -> Vec<(&'static str, fn() -> Result<(), sp_runtime::TryRuntimeError>)> {
	use pallet_service_parameters::{Instance1, Instance2, Instance3, Instance4, Pallet as Params};
	vec![
		("Registration", pallet_registration::Pallet::<Runtime>::do_try_state),
		("Cases", pallet_cases::Pallet::<Runtime>::do_try_state),
		("Payments", pallet_payments::Pallet::<Runtime>::do_try_state),
		("Insurance", pallet_insurance::Pallet::<Runtime>::do_try_state),
		("Assistance", pallet_assistance::Pallet::<Runtime>::do_try_state),
		("Welfare", pallet_welfare::Pallet::<Runtime>::do_try_state),
		("MinimumLiving", pallet_minimum_living::Pallet::<Runtime>::do_try_state),
		("Documents", pallet_documents::Pallet::<Runtime>::do_try_state),
		("Consortium", pallet_consortium::Pallet::<Runtime>::do_try_state),
		("Validators", pallet_validators::Pallet::<Runtime>::do_try_state),
		(
			"DemocraticReview",
			pallet_democratic_review::Pallet::<Runtime, ReviewInstance>::do_try_state,
		),
		("InsuranceParameters", Params::<Runtime, Instance1>::do_try_state),
		("AssistanceParameters", Params::<Runtime, Instance2>::do_try_state),
		("WelfareParameters", Params::<Runtime, Instance3>::do_try_state),
		("MinimumLivingParameters", Params::<Runtime, Instance4>::do_try_state),
	]
}

/// How long each check has taken in all, by name (for the report: the checks are most of the
/// fuzzer's time).
static CHECK_TIME: Mutex<BTreeMap<&'static str, Duration>> = Mutex::new(BTreeMap::new());

fn timed<R>(name: &'static str, check: impl FnOnce() -> R) -> R {
	let began = Instant::now();
	let result = check();
	*CHECK_TIME.lock().unwrap_or_else(|e| e.into_inner()).entry(name).or_default() +=
		began.elapsed();
	result
}

/// Every check that failed after a block: each pallet's `do_try_state`, then what ties the
/// pallets together (see [`runtime_invariants`]).
fn check_state() -> Vec<String> {
	let mut failures: Vec<String> = pallet_checks()
		.into_iter()
		.filter_map(|(pallet, check)| {
			timed(pallet, check).err().map(|e| format!("{pallet}: {e:?}"))
		})
		.collect();
	failures.extend(timed("runtime invariants", runtime_invariants));
	failures
}

/// What no single pallet checks but the runtime promises:
/// - the council is exactly the agencies' administrators (registration keeps it in step);
/// - the review collective is exactly the registration pallet's review team;
/// - total issuance is the sum of all balances;
/// - every account holds exactly the provider references its registrations and balance account for
///   (one per administrator, staff member, and citizen-or-pending-request, one for a balance), and
///   no account lingers without one.
fn runtime_invariants() -> Vec<String> {
	let mut failures = Vec::new();
	let mut admins: Vec<AccountId> = pallet_registration::AdminOf::<Runtime>::iter_keys().collect();
	admins.sort();
	if pallet_collective::Members::<Runtime, CouncilInstance>::get() != admins {
		failures.push("runtime: the council is not the set of agency administrators".into());
	}
	let team = pallet_registration::ReviewTeam::<Runtime>::get().into_inner();
	if pallet_collective::Members::<Runtime, ReviewInstance>::get() != team {
		failures
			.push("runtime: the review collective is not the registration's review team".into());
	}
	let mut total: Option<Balance> = Some(0);
	for (who, info) in frame_system::Account::<Runtime>::iter() {
		let balance = info.data.free.saturating_add(info.data.reserved);
		total = total.and_then(|t| t.checked_add(balance));
		let expected = expected_providers(&who) + u32::from(balance > 0);
		if info.providers != expected {
			failures.push(format!(
				"runtime: account {who} has {} providers, its registrations and balance \
				 account for {expected}",
				info.providers
			));
		}
	}
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	if total != Some(issuance) {
		failures.push(format!(
			"runtime: total issuance {issuance} is not the sum of the balances {total:?}"
		));
	}
	failures
}

/// The provider references the registration pallet holds on `who`.
fn expected_providers(who: &AccountId) -> u32 {
	let admin = pallet_registration::AdminOf::<Runtime>::contains_key(who);
	let staff = pallet_registration::Staff::<Runtime>::contains_key(who);
	let citizen = pallet_registration::Citizens::<Runtime>::contains_key(who) ||
		pallet_registration::PendingRequests::<Runtime>::contains_key(who);
	u32::from(admin) + u32::from(staff) + u32::from(citizen)
}

// ------------------------------------------------------------------------------------------------
// Panics, runtime logs and hangs
// ------------------------------------------------------------------------------------------------

/// The last panic's message and location, recorded by the panic hook.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Records panics instead of printing them: a caught panic is reported with its transaction.
fn install_panic_hook() {
	std::panic::set_hook(Box::new(|info| {
		let location = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
		let message = info
			.payload()
			.downcast_ref::<&str>()
			.map(|s| s.to_string())
			.or_else(|| info.payload().downcast_ref::<String>().cloned())
			.unwrap_or_default();
		let text = format!("{message} at {}", location.unwrap_or_default());
		*LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
	}));
}

fn take_panic() -> Option<String> {
	LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take()
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
	take_panic().unwrap_or_else(|| {
		payload
			.downcast_ref::<&str>()
			.map(|s| s.to_string())
			.or_else(|| payload.downcast_ref::<String>().cloned())
			.unwrap_or_else(|| "a panic without a message".into())
	})
}

/// Warnings and errors the runtime logged, by target and message (a `defensive!` failure logs
/// at error level under `runtime::defensive` in a release build instead of panicking).
static RUNTIME_LOGS: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

/// Counts the runtime's warnings and errors; everything below warning is off.
struct LogCounter;

impl log::Log for LogCounter {
	fn enabled(&self, metadata: &log::Metadata) -> bool {
		metadata.level() <= log::Level::Warn
	}

	fn log(&self, record: &log::Record) {
		if !self.enabled(record.metadata()) {
			return;
		}
		let mut text = format!("{} {}: {}", record.level(), record.target(), record.args());
		text.truncate(160);
		let mut logs = RUNTIME_LOGS.lock().unwrap_or_else(|e| e.into_inner());
		if logs.len() < 1_000 || logs.contains_key(&text) {
			*logs.entry(text).or_default() += 1;
		}
	}

	fn flush(&self) {}
}

static LOGGER: LogCounter = LogCounter;

/// Milliseconds since the start at which the fuzzer last finished a transaction.
static PROGRESS: AtomicU64 = AtomicU64::new(0);
/// Where the fuzzer is: episode, block, transaction (for a hang report).
static WHERE: [AtomicU64; 3] = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];

/// Stops the run if a transaction or block takes longer than `limit`: an unbounded loop in the
/// runtime never returns to be caught.
fn start_watchdog(seed: u64, started: Instant, limit: Duration) {
	std::thread::spawn(move || loop {
		std::thread::sleep(Duration::from_secs(1));
		let now = started.elapsed().as_millis() as u64;
		let last = PROGRESS.load(Ordering::Relaxed);
		if now.saturating_sub(last) > limit.as_millis() as u64 {
			let [episode, block, tx] = WHERE.each_ref().map(|w| w.load(Ordering::Relaxed));
			eprintln!(
				"HANG: no progress for {} s at seed {seed}, episode {episode}, block {block}, \
				 transaction {tx}; replay with --seed {seed} --episode {episode} --trace",
				limit.as_secs()
			);
			std::process::exit(3);
		}
	});
}

fn progress(started: Instant) {
	PROGRESS.store(started.elapsed().as_millis() as u64, Ordering::Relaxed);
}

// ------------------------------------------------------------------------------------------------
// What the chain holds: the pools arguments and signers come from
// ------------------------------------------------------------------------------------------------

/// An open case, as listed at the start of the block.
#[derive(Clone, Copy)]
struct OpenCase {
	id: CaseId,
	service: Service,
	status: CaseStatus,
	step: Step,
}

/// What the chain looks like at the start of a block. Listing is the costly part, so it is done
/// once a block; a generator re-reads the one record it acts on, so it sees what earlier
/// transactions of the block did to it.
struct World {
	now: BlockNumber,
	now_ms: u64,
	agencies: Vec<(AgencyId, Agency<AccountId>)>,
	next_agency: AgencyId,
	staff: Vec<(AccountId, StaffMember)>,
	citizens: Vec<(AccountId, Citizen<BlockNumber>)>,
	pending: Vec<(AccountId, PendingRequest<BlockNumber>)>,
	open_cases: Vec<OpenCase>,
	next_case: CaseId,
	council: Vec<AccountId>,
	council_motions: Vec<H256>,
	review_team: Vec<AccountId>,
	review_motions: Vec<H256>,
	arrears: Vec<ScheduleId>,
	next_schedule: ScheduleId,
	awaiting_seal: Vec<CaseId>,
	grants: Vec<(CaseId, AgencyId)>,
	/// Cases under an erasure order, with the holders that have yet to report.
	erasures: Vec<(CaseId, Vec<AgencyId>)>,
	/// Every identity hash the chain knows: citizens', their households', staff members'.
	identities: Vec<IdentityHash>,
}

impl World {
	/// Reads the pools from the state (inside the block being built).
	fn read(now_ms: u64) -> World {
		use pallet_registration as reg;
		let mut open_cases: Vec<OpenCase> = pallet_cases::OpenCase::<Runtime>::iter_values()
			.filter_map(|id| {
				let case = pallet_cases::Cases::<Runtime>::get(id)?;
				Some(OpenCase { id, service: case.service, status: case.status, step: case.step })
			})
			.collect();
		open_cases.sort_by_key(|c| c.id);
		let staff: Vec<_> = reg::Staff::<Runtime>::iter().collect();
		let citizens: Vec<_> = reg::Citizens::<Runtime>::iter().collect();
		let mut identities = BTreeSet::new();
		for (_, citizen) in &citizens {
			identities.insert(citizen.identity);
			identities.extend(citizen.household.iter().copied());
		}
		identities.extend(staff.iter().map(|(_, m)| m.identity));
		World {
			now: frame_system::Pallet::<Runtime>::block_number(),
			now_ms,
			agencies: {
				let mut all: Vec<_> = reg::Agencies::<Runtime>::iter().collect();
				all.sort_by_key(|(id, _)| *id);
				all
			},
			next_agency: reg::NextAgencyId::<Runtime>::get(),
			staff,
			citizens,
			pending: reg::PendingRequests::<Runtime>::iter().collect(),
			open_cases,
			next_case: pallet_cases::NextCaseId::<Runtime>::get(),
			council: pallet_collective::Members::<Runtime, CouncilInstance>::get(),
			council_motions: pallet_collective::Proposals::<Runtime, CouncilInstance>::get()
				.into_inner(),
			review_team: pallet_collective::Members::<Runtime, ReviewInstance>::get(),
			review_motions: pallet_collective::Proposals::<Runtime, ReviewInstance>::get()
				.into_inner(),
			arrears: pallet_payments::Schedules::<Runtime>::iter()
				.filter(|(_, s)| s.arrears > 0)
				.map(|(id, _)| id)
				.collect(),
			next_schedule: pallet_payments::NextScheduleId::<Runtime>::get(),
			awaiting_seal: pallet_documents::AwaitingSeal::<Runtime>::iter_keys().collect(),
			grants: pallet_documents::Grants::<Runtime>::iter_keys().collect(),
			erasures: pallet_documents::Erasures::<Runtime>::iter()
				.map(|(case, e)| {
					let pending =
						e.holders.iter().filter(|a| !e.erased.contains(a)).copied().collect();
					(case, pending)
				})
				.collect(),
			identities: identities.into_iter().collect(),
		}
	}

	fn agency(&self, id: AgencyId) -> Option<&Agency<AccountId>> {
		self.agencies.iter().find(|(a, _)| *a == id).map(|(_, agency)| agency)
	}

	fn agencies_of(&self, kind: AgencyKind) -> Vec<AgencyId> {
		self.agencies
			.iter()
			.filter(|(_, a)| a.kind == kind)
			.map(|(id, _)| *id)
			.collect()
	}

	fn citizen(&self, who: &AccountId) -> Option<&Citizen<BlockNumber>> {
		self.citizens.iter().find(|(c, _)| c == who).map(|(_, c)| c)
	}

	fn staff_member(&self, who: &AccountId) -> Option<&StaffMember> {
		self.staff.iter().find(|(s, _)| s == who).map(|(_, m)| m)
	}
}

// ------------------------------------------------------------------------------------------------
// Regions, roles and other fixed pools
// ------------------------------------------------------------------------------------------------

/// Beijing (province), its city level, and two of its districts (counties).
const BEIJING: u64 = 110_000_000_000;
const BEIJING_CITY: u64 = 110_100_000_000;
const DONGCHENG: u64 = 110_101_000_000;
const CHAOYANG: u64 = 110_105_000_000;
/// Sub-districts: two of Chaoyang (the second has a neighbourhood committee but no sub-district
/// office), one of Dongcheng, and a third of Chaoyang that no agency serves.
const CY_SUB1: u64 = 110_105_001_000;
const CY_SUB2: u64 = 110_105_002_000;
const CY_SUB3: u64 = 110_105_003_000;
const DC_SUB1: u64 = 110_101_001_000;
/// Shanghai, which has a minimum living standard but no agency at all.
const SHANGHAI: u64 = 310_000_000_000;
/// Where citizens live: neighbourhoods under the regions above.
const RESIDENCES: [u64; 6] = [
	110_105_001_001,
	110_105_001_002,
	110_105_002_001,
	110_101_001_001,
	110_105_003_001,
	310_101_001_001,
];
/// Every well-formed region the set-up uses.
const REGIONS: [u64; 16] = [
	BEIJING,
	BEIJING_CITY,
	DONGCHENG,
	CHAOYANG,
	CY_SUB1,
	CY_SUB2,
	CY_SUB3,
	DC_SUB1,
	SHANGHAI,
	310_101_000_000,
	110_105_001_001,
	110_105_001_002,
	110_105_002_001,
	110_101_001_001,
	110_105_003_001,
	310_101_001_001,
];
/// Codes that are not administrative divisions: zero, a province out of range, a level filled
/// below an empty one, thirteen digits, the maximum.
const BAD_REGIONS: [u64; 6] =
	[0, 990_000_000_000, 110_105_000_001, 110_005_000_000, 1_000_000_000_000, u64::MAX];

const ALL_SERVICES: [Service; 4] = [
	Service::SocialInsurance,
	Service::SocialAssistance,
	Service::SocialWelfare,
	Service::MinimumLiving,
];

const ALL_STEPS: [Step; 13] = [
	Step::Submission,
	Step::Acceptance,
	Step::HouseholdInspection,
	Step::IncomeAccounting,
	Step::DemocraticReview,
	Step::PublicNotice,
	Step::ObjectionReview,
	Step::ConsultationTeam,
	Step::MedicalExamination,
	Step::WelfareHandling,
	Step::Payments,
	Step::AnnualRecheck,
	Step::JointDecision,
];

/// Every reason, `Displaced` too: a verifier who gives it is refused (`ReservedReason`).
const REASONS: [RejectionReason; 6] = [
	RejectionReason::IncompleteDocuments,
	RejectionReason::IdentityMismatch,
	RejectionReason::InvalidIdCard,
	RejectionReason::RolesNotJustified,
	RejectionReason::Spam,
	RejectionReason::Displaced,
];

/// The identity hash of person `n`: the keyed hash an agency would compute from their ID card.
fn person(n: u64) -> IdentityHash {
	IdentityHash(sp_io::hashing::blake2_256(&(b"person", n).encode()))
}

const DAY_MS: u64 = 24 * 3600 * 1000;

/// Age recipients are `age1` and 58 characters of the bech32 alphabet.
const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

// ------------------------------------------------------------------------------------------------
// Transactions the generators make
// ------------------------------------------------------------------------------------------------

/// A transaction to apply: signed by `who`, bare (an agency's seal), or a passed council
/// motion's call dispatched as root. The runtime has no sudo, and a motion of a council of
/// several agencies takes several transactions: the fuzzer stands in for the votes and
/// dispatches the call as `Consortium::dispatch_as_root` does (motions themselves are generated
/// too, and voted and closed transaction by transaction).
enum Exec {
	Signed { who: AccountId, call: RuntimeCall },
	Bare(RuntimeCall),
	Root(RuntimeCall),
}

/// What [`Chain::apply`] applies.
enum Tx {
	Extrinsic(UncheckedExtrinsic),
	Root(RuntimeCall),
}

/// A transaction, and the calls it dispatches in turn (a motion's proposal, what
/// `dispatch_as_root` dispatches), outermost first: the results their events report are counted
/// for those calls.
struct Action {
	exec: Exec,
	inner: Vec<String>,
}

impl Action {
	fn call(&self) -> &RuntimeCall {
		match &self.exec {
			Exec::Signed { call, .. } | Exec::Bare(call) | Exec::Root(call) => call,
		}
	}
}

type Gen = fn(&mut Cx) -> Option<Action>;

fn signed(who: AccountId, call: RuntimeCall) -> Option<Action> {
	let inner = wrapped_calls(&call);
	Some(Action { exec: Exec::Signed { who, call }, inner })
}

/// `Pallet.call`, as the metadata names it.
fn call_name(call: &RuntimeCall) -> String {
	let meta = call.get_call_metadata();
	format!("{}.{}", meta.pallet_name, meta.function_name)
}

/// The calls `call` dispatches in turn: a council motion executed at once,
/// `dispatch_as_root`'s.
fn wrapped_calls(call: &RuntimeCall) -> Vec<String> {
	let inner = match call {
		RuntimeCall::Council(pallet_collective::Call::propose { threshold, proposal, .. })
			if *threshold < 2 =>
			Some(proposal),
		RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root { call }) => Some(call),
		_ => None,
	};
	inner
		.map(|call| {
			let mut names = vec![call_name(call)];
			names.extend(wrapped_calls(call));
			names
		})
		.unwrap_or_default()
}

/// `call`, as a motion the council passed dispatches it: as root.
fn root(call: RuntimeCall) -> Option<Action> {
	Some(Action { exec: Exec::Root(call), inner: Vec::new() })
}

/// What a generator draws from: the randomness, the chain as listed this block, the keys.
struct Cx<'a> {
	rng: &'a mut Rng,
	world: &'a World,
	keys: &'a mut Keys,
	seals: &'a mut SealKeys,
	/// The case the case-driven mode picked: step generators act on it if it fits.
	focus: Option<CaseId>,
}

impl Cx<'_> {
	fn maybe<T>(&mut self, percent: u64, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
		if self.rng.chance(percent) {
			Some(f(self))
		} else {
			None
		}
	}

	fn pick_owned<T: Clone>(&mut self, items: &[T]) -> Option<T> {
		self.rng.pick(items).cloned()
	}

	// ----- signers -----

	/// Anyone the fuzzer can sign for, every pool alike.
	fn signer_any(&mut self) -> AccountId {
		let who = match self.rng.below(6) {
			0 => self.admin_any(),
			1 => self.staff_any(),
			2 => self.citizen_any().map(|(who, _)| who),
			3 => Some(self.stranger()),
			4 => Some(alice()),
			_ => {
				let n = self.rng.below(self.keys.keys.len() as u64) as usize;
				self.keys.keys.keys().nth(n).cloned()
			},
		};
		who.unwrap_or_else(alice)
	}

	fn admin_any(&mut self) -> Option<AccountId> {
		let admins: Vec<AccountId> = self
			.world
			.agencies
			.iter()
			.map(|(_, a)| a.admin.clone())
			.filter(|a| self.keys.has(a))
			.collect();
		self.pick_owned(&admins)
	}

	fn admin_of(&mut self, agency: AgencyId) -> Option<AccountId> {
		self.world.agency(agency).map(|a| a.admin.clone()).filter(|a| self.keys.has(a))
	}

	/// An agency's administrator acting for it, mostly; otherwise anyone, or an agency that
	/// does not exist.
	fn admin_and_agency(&mut self) -> Option<(AccountId, AgencyId)> {
		let world = self.world;
		let (agency, _) = self.rng.pick(&world.agencies)?;
		let who = match self.admin_of(*agency) {
			Some(admin) if self.rng.chance(90) => admin,
			_ => self.signer_any(),
		};
		let agency = if self.rng.chance(92) { *agency } else { self.agency_id() };
		Some((who, agency))
	}

	fn staff_any(&mut self) -> Option<AccountId> {
		let staff: Vec<AccountId> = self
			.world
			.staff
			.iter()
			.map(|(s, _)| s.clone())
			.filter(|s| self.keys.has(s))
			.collect();
		self.pick_owned(&staff)
	}

	fn citizen_any(&mut self) -> Option<(AccountId, Citizen<BlockNumber>)> {
		self.citizen_with(&[])
	}

	/// A citizen holding one of `roles` (any citizen when `roles` is empty).
	fn citizen_with(&mut self, roles: &[Role]) -> Option<(AccountId, Citizen<BlockNumber>)> {
		let fitting: Vec<&(AccountId, Citizen<BlockNumber>)> = self
			.world
			.citizens
			.iter()
			.filter(|(who, c)| {
				self.keys.has(who) &&
					(roles.is_empty() || roles.iter().any(|r| c.roles.contains(r)))
			})
			.collect();
		self.rng.pick(&fitting).map(|&(who, c)| (who.clone(), c.clone()))
	}

	/// An account that has never registered, mostly from a fixed pool, sometimes brand new.
	fn stranger(&mut self) -> AccountId {
		if self.rng.chance(90) {
			if let Some(who) = self.pick_owned(&self.keys.strangers.clone()) {
				return who;
			}
		}
		let who = self.keys.fresh("stranger");
		self.keys.strangers.push(who.clone());
		who
	}

	/// A registered participant: administrator, staff member or citizen.
	fn participant(&mut self) -> AccountId {
		let who = match self.rng.below(3) {
			0 => self.admin_any(),
			1 => self.staff_any(),
			_ => self.citizen_any().map(|(who, _)| who),
		};
		who.unwrap_or_else(alice)
	}

	/// A staff member holding `role`, at `agency` if given, posted where `region` is (or to the
	/// whole of the agency's area) if given.
	fn staff_with(
		&mut self,
		role: Role,
		agency: Option<AgencyId>,
		region: Option<RegionCode>,
	) -> Option<AccountId> {
		let world = self.world;
		let fitting: Vec<AccountId> = world
			.staff
			.iter()
			.filter(|(who, m)| {
				let posted = region.is_none_or(|r| {
					m.region.contains(&r) ||
						world.agency(m.agency).is_some_and(|a| a.region == m.region)
				});
				self.keys.has(who) &&
					m.roles.contains(&role) &&
					agency.is_none_or(|a| a == m.agency) &&
					posted
			})
			.map(|(who, _)| who.clone())
			.collect();
		self.pick_owned(&fitting)
	}

	/// Who signs a step: mostly someone who may take it, else anyone (to probe the checks).
	fn actor(
		&mut self,
		role: Role,
		agency: Option<AgencyId>,
		region: Option<RegionCode>,
	) -> AccountId {
		if self.rng.chance(90) {
			if let Some(who) = self.staff_with(role, agency, region) {
				return who;
			}
			if self.rng.chance(70) {
				if let Some(who) = self.staff_with(role, agency, None) {
					return who;
				}
			}
		}
		self.signer_any()
	}

	/// Who judges registrations for `agency`: its administrator or a front-desk officer, mostly.
	fn verifier_of(&mut self, agency: AgencyId) -> AccountId {
		if self.rng.chance(90) {
			let world = self.world;
			let mut verifiers: Vec<AccountId> = world
				.staff
				.iter()
				.filter(|(who, m)| {
					m.agency == agency &&
						self.keys.has(who) && m.roles.iter().any(|r| r.may_verify_citizens())
				})
				.map(|(who, _)| who.clone())
				.collect();
			verifiers.extend(self.admin_of(agency));
			if let Some(who) = self.pick_owned(&verifiers) {
				return who;
			}
		}
		self.signer_any()
	}

	// ----- arguments -----

	/// An account as an argument: mostly a known one, sometimes a fund or an unknown one.
	fn account(&mut self) -> AccountId {
		match self.rng.below(10) {
			0..=5 => self.signer_any(),
			6 => pallet_payments::Pallet::<Runtime>::fund_of(self.agency_id()),
			7 => AccountId::from(self.rng.array32()),
			_ => self.stranger(),
		}
	}

	/// An agency id: mostly an existing agency, sometimes one that does not exist.
	fn agency_id(&mut self) -> AgencyId {
		match self.rng.below(100) {
			0..=86 => self.rng.pick(&self.world.agencies).map_or(0, |(id, _)| *id),
			87..=96 => self.world.next_agency + self.rng.below(3) as u32,
			_ => u32::MAX,
		}
	}

	/// An agency of `kind`, mostly.
	fn agency_of(&mut self, kind: AgencyKind) -> AgencyId {
		let of_kind = self.world.agencies_of(kind);
		match self.rng.pick(&of_kind) {
			Some(id) if self.rng.chance(90) => *id,
			_ => self.agency_id(),
		}
	}

	/// An agency that verifies some citizen role.
	fn verifying_agency(&mut self) -> AgencyId {
		let verifying: Vec<AgencyId> = self
			.world
			.agencies
			.iter()
			.filter(|(_, a)| Role::ALL.iter().any(|r| a.kind.may_verify(*r)))
			.map(|(id, _)| *id)
			.collect();
		match self.rng.pick(&verifying) {
			Some(id) if self.rng.chance(92) => *id,
			_ => self.agency_id(),
		}
	}

	/// The agency a form names: `agency` when the caller chose one (a correction keeps its
	/// case's), otherwise an intake agency for the applicant's residence.
	fn form_agency(
		&mut self,
		service: Service,
		citizen: Option<&Citizen<BlockNumber>>,
		agency: Option<AgencyId>,
	) -> AgencyId {
		agency.unwrap_or_else(|| self.intake_agency(service, citizen.map(|c| c.residence)))
	}

	/// The agency that takes `service`'s applications from someone living in `residence`:
	/// mostly the responsible one, sometimes another of the right kind, or any.
	fn intake_agency(&mut self, service: Service, residence: Option<RegionCode>) -> AgencyId {
		let kind = service.intake_kind();
		let responsible = residence.and_then(|r| {
			<Registry as ParticipantRegistry<AccountId>>::responsible_agency(kind, r)
		});
		match responsible {
			Some(id) if self.rng.chance(85) => id,
			_ => self.agency_of(kind),
		}
	}

	/// A case id: mostly an open case, sometimes a closed one or one that does not exist.
	fn case_id(&mut self) -> CaseId {
		match self.rng.below(100) {
			0..=59 if !self.world.open_cases.is_empty() =>
				self.rng.pick(&self.world.open_cases).map_or(0, |c| c.id),
			0..=89 => self.rng.below(self.world.next_case.max(1)),
			90..=97 => self.world.next_case + self.rng.below(3),
			_ => u64::MAX,
		}
	}

	/// An open case that `fits` (the focused one if it does), as it is now: a case an earlier
	/// transaction of the block moved on is skipped, so the block's transactions build on each
	/// other instead of repeating a step already taken.
	fn open_case(&mut self, fits: impl Fn(&OpenCase) -> bool) -> Option<(CaseId, CaseOf)> {
		let world = self.world;
		let now = |id: CaseId| {
			pallet_cases::Cases::<Runtime>::get(id).filter(|case| {
				fits(&OpenCase { id, service: case.service, status: case.status, step: case.step })
			})
		};
		if let Some(id) = self.focus {
			if let Some(case) = now(id) {
				return Some((id, case));
			}
		}
		let fitting: Vec<CaseId> =
			world.open_cases.iter().filter(|c| fits(c)).map(|c| c.id).collect();
		for _ in 0..4 {
			let id = *self.rng.pick(&fitting)?;
			if let Some(case) = now(id) {
				return Some((id, case));
			}
		}
		None
	}

	/// A request still pending, with its agency.
	fn pending_request(&mut self) -> Option<(AccountId, AgencyId)> {
		let world = self.world;
		for _ in 0..4 {
			let (who, _) = self.rng.pick(&world.pending)?;
			if let Some(request) = pallet_registration::PendingRequests::<Runtime>::get(who) {
				return Some((who.clone(), request.form.agency));
			}
		}
		None
	}

	/// A CID: mostly a profile CID, sometimes one the profile refuses.
	fn cid(&mut self) -> Cid {
		// A form carries several CIDs: malformed ones are kept rare so most forms get past them.
		match self.rng.below(100) {
			0..=86 => raw_cid_of(&self.rng.bytes(8)),
			87..=93 => {
				let digest = self.rng.array32();
				Cid(BoundedVec::truncate_from(
					cid_v1_sha256(CODEC_DAG_PB, &digest).as_slice().to_vec(),
				))
			},
			_ => self.bad_cid(),
		}
	}

	/// A CID the profile refuses: empty, garbage, CIDv0, truncated, with trailing bytes, of
	/// another codec or hash.
	fn bad_cid(&mut self) -> Cid {
		let good = cid_v1_sha256(CODEC_RAW, &self.rng.array32()).as_slice().to_vec();
		let bytes = match self.rng.below(7) {
			0 => Vec::new(),
			1 => {
				let len = self.rng.range(1, 64) as usize;
				self.rng.bytes(len)
			},
			2 => [vec![0x12, 0x20], self.rng.bytes(32)].concat(),
			3 => good[..self.rng.range(1, 35) as usize].to_vec(),
			4 => [good, vec![0]].concat(),
			5 => [vec![0x01, 0x71, 0x12, 0x20], self.rng.bytes(32)].concat(),
			_ => [vec![0x01, 0x55, 0x13, 0x20], self.rng.bytes(32)].concat(),
		};
		Cid(BoundedVec::truncate_from(bytes))
	}

	/// A form's further documents: a few, sometimes as many as fit.
	fn documents(&mut self) -> ExtraDocuments {
		let count = if self.rng.chance(3) { 12 } else { self.rng.below(3) };
		BoundedVec::truncate_from((0..count).map(|_| self.cid()).collect())
	}

	/// A plausible amount from `plausible` `percent` times in a hundred, otherwise any amount:
	/// forms are mostly filled in as a real applicant would, sometimes with nonsense.
	fn amount_usually(
		&mut self,
		percent: u64,
		plausible: impl FnOnce(&mut Self) -> Balance,
	) -> Balance {
		if self.rng.chance(percent) {
			plausible(self)
		} else {
			self.amount()
		}
	}

	/// An amount of money: mostly ordinary, sometimes zero, one fen, or huge.
	fn amount(&mut self) -> Balance {
		match self.rng.below(100) {
			0..=4 => 0,
			5..=9 => 1,
			10..=59 => Balance::from(self.rng.range(1, 5_000)) * YUAN,
			60..=84 => Balance::from(self.rng.range(5_000, 200_000)) * YUAN,
			85..=94 => Balance::from(self.rng.next()),
			_ => *self.rng.pick(&[u128::MAX, u128::MAX / 2, u128::from(u64::MAX) + 1]).expect("3"),
		}
	}

	/// A region code: mostly one of the set-up's, sometimes another well-formed one, sometimes
	/// not a division code at all.
	fn region(&mut self) -> RegionCode {
		match self.rng.below(100) {
			0..=74 => RegionCode(*self.rng.pick(&REGIONS).expect("regions")),
			75..=89 => self.random_region(),
			_ => RegionCode(*self.rng.pick(&BAD_REGIONS).expect("bad regions")),
		}
	}

	/// A well-formed code at a random level, anywhere.
	fn random_region(&mut self) -> RegionCode {
		let levels = self.rng.range(1, 5);
		let mut code = self.rng.range(11, 82) * 10_000_000_000;
		let scales = [100_000_000u64, 1_000_000, 1_000, 1];
		let limits = [99u64, 99, 999, 999];
		for level in 0..(levels as usize - 1) {
			code += self.rng.range(1, limits[level]) * scales[level];
		}
		RegionCode(code)
	}

	/// Where a household is registered: mostly one of the set-up's neighbourhoods.
	fn residence(&mut self) -> RegionCode {
		if self.rng.chance(88) {
			RegionCode(*self.rng.pick(&RESIDENCES).expect("residences"))
		} else {
			self.region()
		}
	}

	/// An identity hash: mostly a new person, sometimes someone the chain knows (a duplicate, or
	/// a conflict of interest).
	fn identity(&mut self) -> IdentityHash {
		match self.rng.pick(&self.world.identities) {
			Some(known) if self.rng.chance(30) => *known,
			_ => person(self.rng.next()),
		}
	}

	/// A household registered with `own`: a few people, mostly others the chain knows or new
	/// ones, sometimes listing `own` or someone twice (which the registration refuses).
	fn household(&mut self, own: IdentityHash) -> Household {
		let size = if self.rng.chance(3) { 15 } else { self.rng.below(4) };
		let mut members: Vec<IdentityHash> = (0..size).map(|_| self.identity()).collect();
		if self.rng.chance(4) {
			members.push(own);
		}
		if self.rng.chance(3) {
			if let Some(first) = members.first().copied() {
				members.push(first);
			}
		}
		BoundedVec::truncate_from(members)
	}

	/// The household an application lists: mostly part of the registered one.
	fn listed_household(&mut self, citizen: Option<&Citizen<BlockNumber>>) -> Household {
		match citizen {
			Some(c) if self.rng.chance(85) => BoundedVec::truncate_from(
				c.household.iter().filter(|_| self.rng.chance(70)).copied().collect::<Vec<_>>(),
			),
			_ => {
				let own = self.identity();
				self.household(own)
			},
		}
	}

	/// Citizen roles an agency of `kind` may confirm (a non-empty subset), mostly.
	fn roles_verifiable_by(&mut self, kind: AgencyKind) -> RoleSet {
		self.roles_where(|role| kind.may_verify(role))
	}

	/// Staff roles an agency of `kind` may grant (a non-empty subset), mostly.
	fn roles_grantable_by(&mut self, kind: AgencyKind) -> RoleSet {
		self.roles_where(|role| kind.may_grant(role))
	}

	fn roles_where(&mut self, allowed: impl Fn(Role) -> bool) -> RoleSet {
		let fitting: Vec<Role> = Role::ALL.into_iter().filter(|r| allowed(*r)).collect();
		if fitting.is_empty() || self.rng.chance(8) {
			return self.any_roles();
		}
		let mut roles = RoleSet::new();
		for role in &fitting {
			if self.rng.chance(50) {
				let _ = roles.try_insert(*role);
			}
		}
		if roles.is_empty() {
			let _ = roles.try_insert(*self.rng.pick(&fitting).expect("not empty"));
		}
		roles
	}

	/// Any roles at all, possibly none.
	fn any_roles(&mut self) -> RoleSet {
		let mut roles = RoleSet::new();
		for _ in 0..self.rng.below(4) {
			let _ = roles.try_insert(*self.rng.pick(&Role::ALL).expect("roles"));
		}
		roles
	}

	fn service(&mut self) -> Service {
		*self.rng.pick(&ALL_SERVICES).expect("services")
	}

	fn step(&mut self) -> Step {
		*self.rng.pick(&ALL_STEPS).expect("steps")
	}

	fn reason(&mut self) -> RejectionReason {
		*self.rng.pick(&REASONS).expect("reasons")
	}

	fn permill(&mut self) -> Permill {
		Permill::from_parts(self.rng.below(1_000_001) as u32)
	}

	/// When an ID card stops being valid: mostly years ahead, sometimes within the next minutes
	/// (it expires during the episode), already past, or an edge.
	fn id_valid_until(&mut self) -> u64 {
		let now = self.world.now_ms;
		match self.rng.below(100) {
			0..=84 => now + self.rng.range(30, 3_650) * DAY_MS,
			85..=89 => now + self.rng.range(1, 600) * 1_000,
			90..=94 => now.saturating_sub(self.rng.range(1, 1_000) * 1_000),
			_ => *self.rng.pick(&[0, now, u64::MAX]).expect("3"),
		}
	}

	/// An age recipient: mostly well formed, sometimes not.
	fn recipient(&mut self) -> Vec<u8> {
		let mut text = b"age1".to_vec();
		text.extend((0..58).map(|_| BECH32[self.rng.below(32) as usize]));
		match self.rng.below(100) {
			0..=89 => text,
			90..=94 => text[..self.rng.below(62) as usize].to_vec(),
			_ => {
				text[5] = b'b';
				text
			},
		}
	}

	/// A proposal or motion hash: mostly an open one from `open`.
	fn motion(&mut self, open: &[H256]) -> H256 {
		match self.rng.pick(open) {
			Some(hash) if self.rng.chance(85) => *hash,
			_ => H256(self.rng.array32()),
		}
	}
}

// ------------------------------------------------------------------------------------------------
// Generators: registration
// ------------------------------------------------------------------------------------------------

/// A stranger's registration request (or a citizen's amendment), with its proof of work.
fn reg_request(cx: &mut Cx) -> Option<Action> {
	let who = match cx.rng.below(100) {
		0..=74 => cx.stranger(),
		75..=92 => cx.citizen_any().map_or_else(|| cx.stranger(), |(who, _)| who),
		_ => cx.signer_any(),
	};
	let form = registration_form(cx, &who);
	let work = proof_of_work(cx, &who, &form);
	let call = pallet_registration::Call::request_registration { form, work };
	signed(who, RuntimeCall::Registration(call))
}

/// A registration form: mostly roles the named agency may confirm, a valid ID card and profile
/// CIDs; a citizen amending mostly goes back to the agency that verified them.
fn registration_form(cx: &mut Cx, who: &AccountId) -> RegistrationForm {
	let world = cx.world;
	let agency = match world.citizen(who) {
		Some(c) if cx.rng.chance(60) => c.verified_by,
		_ => cx.verifying_agency(),
	};
	let roles = match world.agency(agency) {
		Some(a) => cx.roles_verifiable_by(a.kind),
		None => cx.any_roles(),
	};
	RegistrationForm {
		roles,
		id_valid_until: cx.id_valid_until(),
		form_cid: cx.cid(),
		photo_cid: cx.maybe(75, |cx| cx.cid()),
		agency,
	}
}

/// Proof of work for `who`'s request: bound to the last block and ground until it certainly
/// reaches the difficulty (most of the time) or certainly falls short of it, sometimes bound to
/// a block too old or not yet hashed. Grinding to a certain outcome keeps the outcome from
/// depending on a block hash, so a seed replays the same run.
fn proof_of_work(
	cx: &mut Cx,
	who: &AccountId,
	form: &RegistrationForm,
) -> ProofOfWork<BlockNumber> {
	let now = cx.world.now;
	let block = match cx.rng.below(100) {
		0..=84 => now.saturating_sub(1),
		85..=89 => now.saturating_sub(cx.rng.range(2, 200) as u32),
		90..=93 => now,
		94..=96 => now.saturating_sub(201),
		_ => cx.rng.next() as u32,
	};
	let good = cx.rng.chance(80);
	let start = cx.rng.next();
	ProofOfWork { block, nonce: grind(who, block, form, start, good) }
}

/// Hardest difficulty the fuzzer grinds real work for (2^18 hashes, a fraction of a second).
const MAX_GROUND_BITS: u32 = 18;

/// The first nonce from `start` whose work reaches the current difficulty (`good`) or does not.
fn grind(
	who: &AccountId,
	block: BlockNumber,
	form: &RegistrationForm,
	start: u64,
	good: bool,
) -> u64 {
	let required = Registry::request_difficulty();
	let hash = frame_system::BlockHash::<Runtime>::get(block);
	let hopeless = (good && required > MAX_GROUND_BITS) || (!good && required == 0);
	if hopeless || hash == H256::zero() {
		return start;
	}
	let mut nonce = start;
	loop {
		let work = pallet_registration::work_hash(who, &hash, form, nonce);
		if (pallet_registration::leading_zero_bits(&work) >= required) == good {
			return nonce;
		}
		nonce = nonce.wrapping_add(1);
	}
}

fn reg_withdraw(cx: &mut Cx) -> Option<Action> {
	let who = match cx.pending_request() {
		Some((who, _)) if cx.rng.chance(90) => who,
		_ => cx.signer_any(),
	};
	signed(who, RuntimeCall::Registration(pallet_registration::Call::withdraw_request {}))
}

/// A verifier confirms a pending request, adding the identity, residence and household it
/// checked (mostly a new person; an amendment mostly the same person).
fn reg_verify(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (who, agency) = match cx.pending_request() {
		Some(pending) if cx.rng.chance(92) => pending,
		_ => (cx.account(), cx.agency_id()),
	};
	let verifier = cx.verifier_of(agency);
	let identity = match world.citizen(&who) {
		Some(c) if cx.rng.chance(85) => c.identity,
		_ => cx.identity(),
	};
	let verification =
		Verification { identity, residence: cx.residence(), household: cx.household(identity) };
	let call = pallet_registration::Call::verify_citizen { who, verification };
	signed(verifier, RuntimeCall::Registration(call))
}

fn reg_reject(cx: &mut Cx) -> Option<Action> {
	let (who, agency) = match cx.pending_request() {
		Some(pending) if cx.rng.chance(92) => pending,
		_ => (cx.account(), cx.agency_id()),
	};
	let verifier = cx.verifier_of(agency);
	let call = pallet_registration::Call::reject_request { who, reason: cx.reason() };
	signed(verifier, RuntimeCall::Registration(call))
}

/// A verifier turns down a batch: its agency's pending requests and some others.
fn reg_reject_many(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let agency = cx.verifying_agency();
	let verifier = cx.verifier_of(agency);
	let take = cx.rng.range(0, 8) as usize;
	let mut who: Vec<AccountId> = world
		.pending
		.iter()
		.filter(|(_, r)| r.form.agency == agency)
		.map(|(w, _)| w.clone())
		.take(take)
		.collect();
	let others = if cx.rng.chance(3) { 256 } else { cx.rng.below(3) };
	who.extend((0..others).map(|_| cx.account()));
	let call = pallet_registration::Call::reject_requests {
		who: BoundedVec::truncate_from(who),
		reason: cx.reason(),
	};
	signed(verifier, RuntimeCall::Registration(call))
}

fn reg_revoke(cx: &mut Cx) -> Option<Action> {
	let (who, by) = match cx.citizen_any() {
		Some((who, c)) if cx.rng.chance(90) => (who, c.verified_by),
		_ => (cx.account(), cx.agency_id()),
	};
	let verifier = cx.verifier_of(by);
	signed(verifier, RuntimeCall::Registration(pallet_registration::Call::revoke_citizen { who }))
}

/// An administrator registers a staff member: mostly a new account, roles the agency may grant,
/// a new person (sometimes a citizen's identity: a conflict of interest), posted to the agency's
/// area or a part of it.
fn reg_register_staff(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (agency, record) = cx.rng.pick(&world.agencies)?;
	let admin = match cx.admin_of(*agency) {
		Some(admin) if cx.rng.chance(90) => admin,
		_ => cx.signer_any(),
	};
	let who = if cx.rng.chance(85) { cx.keys.fresh("staff") } else { cx.account() };
	let roles = cx.roles_grantable_by(record.kind);
	let identity = cx.identity();
	let inside: Vec<u64> = REGIONS
		.into_iter()
		.filter(|r| record.region.contains(&RegionCode(*r)))
		.collect();
	let region = match cx.rng.below(100) {
		0..=59 => record.region,
		60..=84 => RegionCode(*cx.rng.pick(&inside).unwrap_or(&record.region.0)),
		_ => cx.region(),
	};
	let call = pallet_registration::Call::register_staff { who, roles, identity, region };
	signed(admin, RuntimeCall::Registration(call))
}

fn reg_set_staff_roles(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (who, member) = cx.rng.pick(&world.staff)?;
	let admin = match cx.admin_of(member.agency) {
		Some(admin) if cx.rng.chance(90) => admin,
		_ => cx.signer_any(),
	};
	// Mostly the current roles with one more or one less, as an agency re-assigns people.
	let roles = match world.agency(member.agency) {
		Some(a) if cx.rng.chance(75) => {
			let mut roles = member.roles.clone();
			let grantable: Vec<Role> =
				Role::ALL.into_iter().filter(|r| a.kind.may_grant(*r)).collect();
			let role = *cx.rng.pick(&grantable).unwrap_or(&Role::Auditor);
			if !roles.remove(&role) {
				let _ = roles.try_insert(role);
			}
			roles
		},
		Some(a) => cx.roles_grantable_by(a.kind),
		None => cx.any_roles(),
	};
	let call = pallet_registration::Call::set_staff_roles { who: who.clone(), roles };
	signed(admin, RuntimeCall::Registration(call))
}

fn reg_remove_staff(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (who, member) = cx.rng.pick(&world.staff)?;
	let admin = match cx.admin_of(member.agency) {
		Some(admin) if cx.rng.chance(85) => admin,
		_ => cx.signer_any(),
	};
	let call = pallet_registration::Call::remove_staff { who: who.clone() };
	signed(admin, RuntimeCall::Registration(call))
}

// ------------------------------------------------------------------------------------------------
// Generators: governance, as a passed motion, a council motion, or signed directly
// ------------------------------------------------------------------------------------------------

type GovGen = fn(&mut Cx) -> RuntimeCall;

/// The calls only governance (root or two thirds of the council) may make, by weight.
const GOVERNANCE: &[(u64, GovGen)] = &[
	(4, gov_add_agency),
	(1, gov_remove_agency),
	(1, gov_set_agency_admin),
	(6, gov_set_review_seats),
	(3, gov_dismiss_reviewer),
	(4, gov_set_request_cost),
	(4, gov_set_quota),
	(3, gov_revoke_citizen),
	(5, gov_set_step_deadline),
	(3, gov_force_end),
	(5, gov_set_combination_rule),
	(5, gov_set_region_standard),
	(3, gov_insurance_parameters),
	(3, gov_assistance_parameters),
	(3, gov_welfare_parameters),
	(3, gov_minimum_living_parameters),
	(12, gov_force_set_balance),
	(3, gov_force_transfer),
	(2, gov_remark),
	(2, gov_collective_motion),
	(1, gov_dispatch_as_root),
	(3, gov_add_validator),
	(2, gov_remove_validator),
	(2, gov_set_session_length),
];

fn pick_weighted<T: Copy>(rng: &mut Rng, table: &[(u64, T)]) -> T {
	let total: u64 = table.iter().map(|(w, _)| w).sum();
	let mut point = rng.below(total);
	for (weight, item) in table {
		if point < *weight {
			return *item;
		}
		point -= weight;
	}
	table[0].1
}

fn gov_call(cx: &mut Cx) -> RuntimeCall {
	let generate = pick_weighted(cx.rng, GOVERNANCE);
	generate(cx)
}

/// A governance call, made the way governance makes it: mostly as a motion the council passed,
/// sometimes proposed as a council motion, sometimes signed directly by someone (who is refused
/// or gets `BadOrigin`).
fn governance(cx: &mut Cx) -> Option<Action> {
	let call = gov_call(cx);
	govern(cx, call)
}

fn govern(cx: &mut Cx, call: RuntimeCall) -> Option<Action> {
	match cx.rng.below(100) {
		0..=76 => root(call),
		77..=91 => council_motion(cx, call),
		_ => signed(cx.signer_any(), call),
	}
}

/// An administrator proposes `call` to the council, as it is or wrapped in
/// `Consortium::dispatch_as_root`, mostly with the two-thirds threshold governance needs.
fn council_motion(cx: &mut Cx, call: RuntimeCall) -> Option<Action> {
	let world = cx.world;
	let proposer = match cx.pick_owned(&world.council) {
		Some(member) if cx.rng.chance(90) && cx.keys.has(&member) => member,
		_ => cx.signer_any(),
	};
	let proposal = if cx.rng.chance(50) {
		call
	} else {
		RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root { call: Box::new(call) })
	};
	let members = world.council.len() as u32;
	let threshold = if cx.rng.chance(85) {
		(2 * members).div_ceil(3)
	} else {
		cx.rng.below(u64::from(members) + 2) as u32
	};
	let length = proposal.encoded_size() as u32;
	let length_bound = if cx.rng.chance(92) { length } else { length.saturating_sub(1) };
	let call =
		pallet_collective::Call::propose { threshold, proposal: Box::new(proposal), length_bound };
	signed(proposer, RuntimeCall::Council(call))
}

fn council_propose_any(cx: &mut Cx) -> Option<Action> {
	let call = gov_call(cx);
	council_motion(cx, call)
}

/// The votes a collective holds on a motion, read as the collective stores them (its fields
/// are private to it).
#[derive(Decode)]
struct Votes {
	index: u32,
	threshold: u32,
	ayes: Vec<AccountId>,
	nays: Vec<AccountId>,
	end: BlockNumber,
}

fn collective_votes<I: 'static>(hash: H256) -> Option<Votes>
where
	Runtime: pallet_collective::Config<I>,
{
	let key = pallet_collective::Voting::<Runtime, I>::hashed_key_for(hash);
	frame_support::storage::unhashed::get(&key)
}

/// A council member who has not voted on the motion yet votes, mostly aye.
fn council_vote(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	// Mostly the oldest motion, so motions gather their two thirds instead of all stalling.
	let hash = match world.council_motions.first() {
		Some(oldest) if cx.rng.chance(70) => *oldest,
		_ => *cx.rng.pick(&world.council_motions)?,
	};
	let votes = collective_votes::<CouncilInstance>(hash)?;
	let fresh: Vec<AccountId> = world
		.council
		.iter()
		.filter(|m| !votes.ayes.contains(m) && !votes.nays.contains(m) && cx.keys.has(m))
		.cloned()
		.collect();
	let voter = match cx.pick_owned(&fresh) {
		Some(member) if cx.rng.chance(90) => member,
		_ => cx.signer_any(),
	};
	let call = pallet_collective::Call::vote {
		proposal: hash,
		index: votes.index,
		approve: cx.rng.chance(85),
	};
	signed(voter, RuntimeCall::Council(call))
}

/// Closes a council motion, mostly once it is decided or its time is up; the proposal's own
/// calls are named so the outcome the events report is counted for them.
fn council_close(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let hash = *cx.rng.pick(&world.council_motions)?;
	let votes = collective_votes::<CouncilInstance>(hash)?;
	let members = world.council.len() as u32;
	let decided = votes.ayes.len() as u32 >= votes.threshold ||
		members.saturating_sub(votes.nays.len() as u32) < votes.threshold ||
		world.now > votes.end;
	if !decided && !cx.rng.chance(10) {
		return None;
	}
	let proposal = pallet_collective::ProposalOf::<Runtime, CouncilInstance>::get(hash)?;
	let closer = match cx.pick_owned(&world.council) {
		Some(member) if cx.rng.chance(90) && cx.keys.has(&member) => member,
		_ => cx.signer_any(),
	};
	let weight = proposal.get_dispatch_info().call_weight;
	let call = pallet_collective::Call::close {
		proposal_hash: hash,
		index: votes.index,
		proposal_weight_bound: if cx.rng.chance(92) { weight } else { Weight::zero() },
		length_bound: proposal.encoded_size() as u32,
	};
	let mut inner = vec![call_name(&proposal)];
	inner.extend(wrapped_calls(&proposal));
	Some(Action { exec: Exec::Signed { who: closer, call: RuntimeCall::Council(call) }, inner })
}

/// What nobody may do with the council's calls directly: a member executing a proposal alone.
fn council_execute(cx: &mut Cx) -> Option<Action> {
	let who = cx.admin_any().unwrap_or_else(alice);
	let proposal = gov_call(cx);
	let length_bound = proposal.encoded_size() as u32;
	let call = pallet_collective::Call::execute { proposal: Box::new(proposal), length_bound };
	signed(who, RuntimeCall::Council(call))
}

/// The review collective's own calls, which the call filter closes: staff must go through the
/// democratic review pallet.
fn review_team_direct(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let who = match cx.pick_owned(&world.review_team) {
		Some(member) if cx.keys.has(&member) => member,
		_ => cx.signer_any(),
	};
	let hash = cx.motion(&world.review_motions);
	let call = match cx.rng.below(3) {
		0 => {
			let proposal = gov_call(cx);
			let length_bound = proposal.encoded_size() as u32;
			pallet_collective::Call::propose {
				threshold: 1,
				proposal: Box::new(proposal),
				length_bound,
			}
		},
		1 => pallet_collective::Call::vote { proposal: hash, index: 0, approve: true },
		_ => pallet_collective::Call::close {
			proposal_hash: hash,
			index: 0,
			proposal_weight_bound: Weight::zero(),
			length_bound: 0,
		},
	};
	signed(who, RuntimeCall::ReviewTeam(call))
}

fn gov_add_agency(cx: &mut Cx) -> RuntimeCall {
	let kind = *cx.rng.pick(&AgencyKind::ALL).expect("kinds");
	let name = match cx.rng.below(100) {
		0..=91 => format!("Fuzz {kind:?} {}", cx.rng.below(1000)).into_bytes(),
		92..=95 => Vec::new(),
		_ => vec![b'x'; 65],
	};
	let admin = if cx.rng.chance(85) { cx.keys.fresh("admin") } else { cx.account() };
	let region = if cx.rng.chance(50) { cx.random_region() } else { cx.region() };
	RuntimeCall::Registration(pallet_registration::Call::add_agency { kind, name, admin, region })
}

/// Never agency 0: it is Alice's, whose key the fuzzer signs with most.
fn gov_remove_agency(cx: &mut Cx) -> RuntimeCall {
	let agency = cx.agency_id().max(1);
	RuntimeCall::Registration(pallet_registration::Call::remove_agency { agency })
}

/// Never agency 0, for the same reason.
fn gov_set_agency_admin(cx: &mut Cx) -> RuntimeCall {
	let agency = cx.agency_id().max(1);
	let new_admin = if cx.rng.chance(85) { cx.keys.fresh("admin") } else { cx.account() };
	RuntimeCall::Registration(pallet_registration::Call::set_agency_admin { agency, new_admin })
}

fn gov_add_validator(cx: &mut Cx) -> RuntimeCall {
	let agency = cx.agency_id();
	RuntimeCall::Validators(pallet_validators::Call::add_validator { agency })
}

/// Mostly a validating agency: retiring one that is not refuses by name.
fn gov_remove_validator(cx: &mut Cx) -> RuntimeCall {
	let validators = pallet_validators::Validators::<Runtime>::get().into_inner();
	let agency = match cx.rng.pick(&validators) {
		Some(agency) if cx.rng.chance(80) => *agency,
		_ => cx.agency_id(),
	};
	RuntimeCall::Validators(pallet_validators::Call::remove_validator { agency })
}

fn gov_set_session_length(cx: &mut Cx) -> RuntimeCall {
	let blocks = if cx.rng.chance(85) { 5 + cx.rng.below(60) as u32 } else { cx.rng.next() as u32 };
	RuntimeCall::Validators(pallet_validators::Call::set_session_length { blocks })
}

fn gov_set_review_seats(cx: &mut Cx) -> RuntimeCall {
	let agency = match cx.rng.below(3) {
		0 => cx.agency_of(AgencyKind::CivilAffairsDepartment),
		1 => cx.agency_of(AgencyKind::NeighborhoodCommittee),
		_ => cx.agency_id(),
	};
	let seats = if cx.rng.chance(92) { cx.rng.below(6) as u32 } else { cx.rng.next() as u32 };
	RuntimeCall::Registration(pallet_registration::Call::set_review_seats { agency, seats })
}

fn gov_dismiss_reviewer(cx: &mut Cx) -> RuntimeCall {
	let world = cx.world;
	let who = match cx.pick_owned(&world.review_team) {
		Some(member) if cx.rng.chance(85) => member,
		_ => cx.account(),
	};
	RuntimeCall::Registration(pallet_registration::Call::dismiss_reviewer { who })
}

fn gov_set_request_cost(cx: &mut Cx) -> RuntimeCall {
	let base_bits = match cx.rng.below(100) {
		0..=79 => cx.rng.below(11),
		80..=94 => cx.rng.range(11, 20),
		_ => cx.rng.range(21, 255),
	} as u8;
	let doubling_every = *cx.rng.pick(&[0, 1, 10, 100, 1_000, u32::MAX]).expect("6");
	let cost = RequestCost { base_bits, doubling_every };
	RuntimeCall::Registration(pallet_registration::Call::set_request_cost { cost })
}

/// Mostly generous quotas (the fuzzer sends far more than a real participant), sometimes
/// tight ones, none, or an invalid one.
fn gov_set_quota(cx: &mut Cx) -> RuntimeCall {
	let class = *cx
		.rng
		.pick(&[
			ParticipantClass::Administrator,
			ParticipantClass::Staff,
			ParticipantClass::Citizen,
		])
		.expect("3");
	let quota = match cx.rng.below(100) {
		0..=19 => None,
		20..=79 => Some(Quota {
			transactions: cx.rng.range(500, 50_000) as u32,
			period: cx.rng.range(100, 2_400) as u32,
		}),
		80..=94 => Some(Quota {
			transactions: cx.rng.range(1, 50) as u32,
			period: cx.rng.range(1, 100) as u32,
		}),
		_ => Some(Quota { transactions: cx.rng.below(2) as u32, period: cx.rng.below(2) as u32 }),
	};
	RuntimeCall::Registration(pallet_registration::Call::set_quota { class, quota })
}

fn gov_revoke_citizen(cx: &mut Cx) -> RuntimeCall {
	let who = match cx.citizen_any() {
		Some((who, _)) if cx.rng.chance(90) => who,
		_ => cx.account(),
	};
	RuntimeCall::Registration(pallet_registration::Call::revoke_citizen { who })
}

/// Mostly short deadlines, so cases fall overdue within an episode.
fn gov_set_step_deadline(cx: &mut Cx) -> RuntimeCall {
	let blocks = match cx.rng.below(100) {
		0..=59 => Some(cx.rng.range(1, 60) as u32),
		60..=79 => None,
		_ => Some(cx.rng.next() as u32),
	};
	let call =
		pallet_cases::Call::set_step_deadline { service: cx.service(), step: cx.step(), blocks };
	RuntimeCall::Cases(call)
}

fn gov_force_end(cx: &mut Cx) -> RuntimeCall {
	RuntimeCall::Cases(pallet_cases::Call::force_end { case: cx.case_id(), reason: cx.cid() })
}

fn gov_set_combination_rule(cx: &mut Cx) -> RuntimeCall {
	use pallet_cases::ConflictAction;
	let action = *cx
		.rng
		.pick(&[None, Some(ConflictAction::Refuse), Some(ConflictAction::JointDecision)])
		.expect("3");
	let call = pallet_cases::Call::set_combination_rule {
		first: cx.service(),
		second: cx.service(),
		action,
	};
	RuntimeCall::Cases(call)
}

fn gov_set_region_standard(cx: &mut Cx) -> RuntimeCall {
	let standard = match cx.rng.below(100) {
		0..=69 => Some(Balance::from(cx.rng.range(300, 3_000)) * YUAN),
		70..=89 => None,
		_ => Some(cx.amount()),
	};
	let call = pallet_minimum_living::Call::set_region_standard { region: cx.region(), standard };
	RuntimeCall::MinimumLiving(call)
}

/// A period in blocks: mostly short (payments fall due within an episode), sometimes zero.
fn period(cx: &mut Cx) -> BlockNumber {
	if cx.rng.chance(95) {
		cx.rng.range(5, 60) as u32
	} else {
		0
	}
}

fn gov_insurance_parameters(cx: &mut Cx) -> RuntimeCall {
	let ratios: Vec<Permill> = (0..cx.rng.range(0, 3))
		.map(|_| Permill::from_percent(cx.rng.range(1, 20) as u32))
		.collect();
	let mut min = Balance::from(cx.rng.range(1_000, 3_000)) * YUAN;
	let mut max = Balance::from(cx.rng.range(20_000, 40_000)) * YUAN;
	if cx.rng.chance(5) {
		core::mem::swap(&mut min, &mut max);
	}
	let parameters = pallet_insurance::InsuranceParams {
		min_contribution_base: min,
		max_contribution_base: max,
		allowed_ratios: BoundedVec::truncate_from(ratios),
		premium_period: period(cx),
	};
	RuntimeCall::InsuranceParameters(pallet_service_parameters::Call::set { parameters })
}

fn gov_assistance_parameters(cx: &mut Cx) -> RuntimeCall {
	let parameters = pallet_assistance::AssistanceParams {
		assistance_line: if cx.rng.chance(95) {
			Balance::from(cx.rng.range(300, 1_000)) * YUAN
		} else {
			0
		},
		property_line: Balance::from(cx.rng.range(10_000, 80_000)) * YUAN,
		max_members: cx.rng.below(13) as u32,
		payment_period: period(cx),
	};
	RuntimeCall::AssistanceParameters(pallet_service_parameters::Call::set { parameters })
}

fn gov_welfare_parameters(cx: &mut Cx) -> RuntimeCall {
	let grades = if cx.rng.chance(95) { 10 } else { 9 };
	let amounts: Vec<Balance> =
		(0..grades).map(|_| Balance::from(cx.rng.range(0, 4_000)) * YUAN).collect();
	let parameters = pallet_welfare::WelfareParams {
		income_line: Balance::from(cx.rng.range(1_000, 5_000)) * YUAN,
		min_team: if cx.rng.chance(90) {
			cx.rng.range(3, 5) as u32
		} else {
			cx.rng.below(12) as u32
		},
		amount_by_grade: BoundedVec::truncate_from(amounts),
		income_offset: cx.permill(),
		payment_period: period(cx),
	};
	RuntimeCall::WelfareParameters(pallet_service_parameters::Call::set { parameters })
}

fn gov_minimum_living_parameters(cx: &mut Cx) -> RuntimeCall {
	let parameters = pallet_minimum_living::MinimumLivingParams {
		property_line: Balance::from(cx.rng.range(10_000, 60_000)) * YUAN,
		max_members: cx.rng.below(13) as u32,
		notice_period: if cx.rng.chance(95) { cx.rng.range(1, 30) as u32 } else { 0 },
		max_objections: cx.rng.below(6) as u32,
		payment_period: period(cx),
	};
	RuntimeCall::MinimumLivingParameters(pallet_service_parameters::Call::set { parameters })
}

/// Money where the services need it: citizens paying premiums, agencies' funds paying benefits,
/// payers in arrears.
fn gov_force_set_balance(cx: &mut Cx) -> RuntimeCall {
	let world = cx.world;
	let who = match cx.rng.below(4) {
		0 => cx.citizen_any().map_or_else(|| cx.account(), |(who, _)| who),
		1 => pallet_payments::Pallet::<Runtime>::fund_of(cx.agency_id()),
		2 => match cx.rng.pick(&world.arrears) {
			Some(id) => pallet_payments::Schedules::<Runtime>::get(id)
				.map_or_else(|| cx.account(), |s| s.payer),
			None => cx.account(),
		},
		_ => cx.account(),
	};
	// Huge, but not near `u128::MAX`: total issuance saturates there, and a chain whose money
	// cannot be summed is root's doing, not the services'.
	let new_free = match cx.rng.below(100) {
		0..=59 => Balance::from(cx.rng.range(100, 1_000_000)) * YUAN,
		60..=79 => 0,
		_ => cx.amount().min(Balance::from(u64::MAX)),
	};
	let call = pallet_balances::Call::force_set_balance { who: MultiAddress::Id(who), new_free };
	RuntimeCall::Balances(call)
}

fn gov_force_transfer(cx: &mut Cx) -> RuntimeCall {
	let call = pallet_balances::Call::force_transfer {
		source: MultiAddress::Id(cx.account()),
		dest: MultiAddress::Id(cx.account()),
		value: cx.amount(),
	};
	RuntimeCall::Balances(call)
}

fn gov_remark(cx: &mut Cx) -> RuntimeCall {
	let len = cx.rng.below(64) as usize;
	let remark = cx.rng.bytes(len);
	if cx.rng.chance(50) {
		RuntimeCall::System(frame_system::Call::remark { remark })
	} else {
		RuntimeCall::System(frame_system::Call::remark_with_event { remark })
	}
}

/// Root drops a motion of either collective.
fn gov_collective_motion(cx: &mut Cx) -> RuntimeCall {
	let world = cx.world;
	match cx.rng.below(4) {
		0 => RuntimeCall::Council(pallet_collective::Call::disapprove_proposal {
			proposal_hash: cx.motion(&world.council_motions),
		}),
		1 => RuntimeCall::Council(pallet_collective::Call::kill {
			proposal_hash: cx.motion(&world.council_motions),
		}),
		2 => RuntimeCall::ReviewTeam(pallet_collective::Call::disapprove_proposal {
			proposal_hash: cx.motion(&world.review_motions),
		}),
		_ => RuntimeCall::ReviewTeam(pallet_collective::Call::kill {
			proposal_hash: cx.motion(&world.review_motions),
		}),
	}
}

/// `dispatch_as_root` is the council's: as root it gets `BadOrigin`.
fn gov_dispatch_as_root(cx: &mut Cx) -> RuntimeCall {
	let call = gov_remark(cx);
	RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root { call: Box::new(call) })
}

// ------------------------------------------------------------------------------------------------
// Generators: applications
// ------------------------------------------------------------------------------------------------

/// A citizen who may apply for `service`, mostly, with their record.
fn applicant(cx: &mut Cx, service: Service) -> (AccountId, Option<Citizen<BlockNumber>>) {
	match cx.citizen_with(service.applicant_roles()) {
		Some((who, citizen)) if cx.rng.chance(90) => (who, Some(citizen)),
		_ => match cx.citizen_any() {
			Some((who, citizen)) if cx.rng.chance(50) => (who, Some(citizen)),
			_ => (cx.signer_any(), None),
		},
	}
}

/// A case of `service` waiting for its applicant's correction, with the applicant and the case's
/// agency (mostly: the corrected form may also name another agency).
fn correction(
	cx: &mut Cx,
	service: Service,
) -> Option<(CaseId, AccountId, Option<Citizen<BlockNumber>>, Option<AgencyId>)> {
	let world = cx.world;
	let (id, case) =
		cx.open_case(|c| c.service == service && c.status == CaseStatus::AwaitingCorrection)?;
	let who = if cx.rng.chance(92) { case.applicant.clone() } else { cx.signer_any() };
	let citizen = world.citizen(&who).cloned();
	let agency = pallet_cases::Cases::<Runtime>::get(id)
		.map(|c| c.agency)
		.filter(|_| cx.rng.chance(92));
	Some((id, who, citizen, agency))
}

/// Mostly a complete form within the contribution base and an allowed ratio.
fn insurance_form(
	cx: &mut Cx,
	citizen: Option<&Citizen<BlockNumber>>,
	agency: Option<AgencyId>,
) -> pallet_insurance::InsuranceForm<Balance> {
	let agency = cx.form_agency(Service::SocialInsurance, citizen, agency);
	pallet_insurance::InsuranceForm {
		agency,
		form_cid: cx.maybe(92, |cx| cx.cid()),
		photo_cid: cx.maybe(92, |cx| cx.cid()),
		bank_account_ref: if cx.rng.chance(94) { H256(cx.rng.array32()) } else { H256::zero() },
		monthly_income: cx
			.amount_usually(85, |cx| Balance::from(cx.rng.range(2_000, 30_000)) * YUAN),
		payment_ratio: if cx.rng.chance(85) {
			Permill::from_percent(*cx.rng.pick(&[8, 10, 12]).expect("3"))
		} else {
			cx.permill()
		},
		documents: cx.documents(),
		salt: cx.rng.array32(),
	}
}

fn insurance_apply(cx: &mut Cx) -> Option<Action> {
	let (who, citizen) = applicant(cx, Service::SocialInsurance);
	let form = insurance_form(cx, citizen.as_ref(), None);
	signed(who, RuntimeCall::Insurance(pallet_insurance::Call::apply { form }))
}

fn insurance_resubmit(cx: &mut Cx) -> Option<Action> {
	let (case, who, citizen, agency) = correction(cx, Service::SocialInsurance)?;
	let form = insurance_form(cx, citizen.as_ref(), agency);
	signed(who, RuntimeCall::Insurance(pallet_insurance::Call::resubmit { case, form }))
}

/// Mostly a household in need: part of the registered household, per-capita income below the
/// assistance line and property within the property line.
fn aid_form(
	cx: &mut Cx,
	citizen: Option<&Citizen<BlockNumber>>,
	agency: Option<AgencyId>,
) -> pallet_assistance::AidForm<Balance> {
	use pallet_assistance::EmploymentStatus::*;
	let agency = cx.form_agency(Service::SocialAssistance, citizen, agency);
	let household = cx.listed_household(citizen);
	let members = Balance::from(household.len() as u32 + 1);
	pallet_assistance::AidForm {
		agency,
		family_info_cid: cx.maybe(92, |cx| cx.cid()),
		household,
		monthly_income: cx
			.amount_usually(80, |cx| members * Balance::from(cx.rng.range(0, 800)) * YUAN),
		property_value: cx
			.amount_usually(85, |cx| members * Balance::from(cx.rng.range(0, 60_000)) * YUAN),
		employment: *cx.rng.pick(&[Employed, Unemployed, UnableToWork, Retired]).expect("4"),
		documents: cx.documents(),
		salt: cx.rng.array32(),
	}
}

fn assistance_apply(cx: &mut Cx) -> Option<Action> {
	let (who, citizen) = applicant(cx, Service::SocialAssistance);
	let form = aid_form(cx, citizen.as_ref(), None);
	signed(who, RuntimeCall::Assistance(pallet_assistance::Call::apply { form }))
}

fn assistance_resubmit(cx: &mut Cx) -> Option<Action> {
	let (case, who, citizen, agency) = correction(cx, Service::SocialAssistance)?;
	let form = aid_form(cx, citizen.as_ref(), agency);
	signed(who, RuntimeCall::Assistance(pallet_assistance::Call::resubmit { case, form }))
}

/// The income and salt a welfare applicant mostly declares: derived from their account, so the
/// fuzzer's welfare institute can give them back at handling without the chain keeping them.
fn welfare_declaration(who: &AccountId) -> (Balance, [u8; 32]) {
	let seed = sp_crypto_hashing::blake2_256(&(b"welfare declaration", who).encode());
	let income = Balance::from(u32::from_le_bytes([seed[0], seed[1], 0, 0]) % 3_500) * YUAN;
	(income, seed)
}

/// How many people `case` concerns, as the household rules count them.
fn case_persons(case: CaseId) -> u32 {
	<pallet_cases::Pallet<Runtime> as safetynet_primitives::cases::CaseLifecycle<_, _>>::persons(
		case,
	)
}

/// The salt every fuzzed consultation team writes into its conclusion.
const TEAM_SALT: [u8; 32] = [5; 32];

/// Mostly complete documents and an income below the welfare line.
fn welfare_form(
	cx: &mut Cx,
	who: &AccountId,
	citizen: Option<&Citizen<BlockNumber>>,
	agency: Option<AgencyId>,
) -> pallet_welfare::WelfareForm<Balance> {
	let agency = cx.form_agency(Service::SocialWelfare, citizen, agency);
	let (income, salt) = welfare_declaration(who);
	pallet_welfare::WelfareForm {
		agency,
		personal_info_cid: cx.maybe(92, |cx| cx.cid()),
		medical_records_cid: cx.maybe(92, |cx| cx.cid()),
		injury_proof_cid: cx.maybe(92, |cx| cx.cid()),
		monthly_income: cx.amount_usually(85, |_| income),
		documents: cx.documents(),
		salt: if cx.rng.chance(95) { salt } else { cx.rng.array32() },
	}
}

fn welfare_apply(cx: &mut Cx) -> Option<Action> {
	let (who, citizen) = applicant(cx, Service::SocialWelfare);
	let form = welfare_form(cx, &who, citizen.as_ref(), None);
	signed(who, RuntimeCall::Welfare(pallet_welfare::Call::apply { form }))
}

fn welfare_resubmit(cx: &mut Cx) -> Option<Action> {
	let (case, who, citizen, agency) = correction(cx, Service::SocialWelfare)?;
	let form = welfare_form(cx, &who, citizen.as_ref(), agency);
	signed(who, RuntimeCall::Welfare(pallet_welfare::Call::resubmit { case, form }))
}

/// Mostly a household below its region's standard.
fn minimum_living_form(
	cx: &mut Cx,
	citizen: Option<&Citizen<BlockNumber>>,
	agency: Option<AgencyId>,
) -> pallet_minimum_living::MinimumLivingForm<Balance> {
	let agency = cx.form_agency(Service::MinimumLiving, citizen, agency);
	let household = cx.listed_household(citizen);
	let members = Balance::from(household.len() as u32 + 1);
	pallet_minimum_living::MinimumLivingForm {
		agency,
		household_info_cid: cx.maybe(92, |cx| cx.cid()),
		household,
		household_income: cx
			.amount_usually(80, |cx| members * Balance::from(cx.rng.range(0, 1_600)) * YUAN),
		property_value: cx
			.amount_usually(85, |cx| members * Balance::from(cx.rng.range(0, 40_000)) * YUAN),
		documents: cx.documents(),
		salt: cx.rng.array32(),
	}
}

fn ml_apply(cx: &mut Cx) -> Option<Action> {
	let (who, citizen) = applicant(cx, Service::MinimumLiving);
	let form = minimum_living_form(cx, citizen.as_ref(), None);
	signed(who, RuntimeCall::MinimumLiving(pallet_minimum_living::Call::apply { form }))
}

fn ml_resubmit(cx: &mut Cx) -> Option<Action> {
	let (case, who, citizen, agency) = correction(cx, Service::MinimumLiving)?;
	let form = minimum_living_form(cx, citizen.as_ref(), agency);
	signed(who, RuntimeCall::MinimumLiving(pallet_minimum_living::Call::resubmit { case, form }))
}

// ------------------------------------------------------------------------------------------------
// Generators: the steps of a case
// ------------------------------------------------------------------------------------------------

/// An open case of `service` in review at `step`, with the staff member who should take it
/// (mostly): the step's role at the agency it is assigned to, posted where the case is.
fn at_step(
	cx: &mut Cx,
	service: Service,
	step: Step,
	role: Role,
) -> Option<(CaseId, AccountId, CaseOf)> {
	let (id, case) = cx.open_case(|c| {
		c.service == service && c.step == step && c.status == CaseStatus::InReview
	})?;
	let who = cx.actor(role, case.assignee.agency(), Some(case.region));
	Some((id, who, case))
}

/// Mostly no referral (the responsible agency takes the next step), sometimes an agency of
/// `kind`, sometimes any.
fn referral(cx: &mut Cx, kind: AgencyKind) -> Option<AgencyId> {
	match cx.rng.below(100) {
		0..=79 => None,
		80..=94 => Some(cx.agency_of(kind)),
		_ => Some(cx.agency_id()),
	}
}

fn assistance_accept(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) =
		at_step(cx, Service::SocialAssistance, Step::Acceptance, Role::CivilAffairsOfficer)?;
	let refer_to = referral(cx, AgencyKind::NeighborhoodCommittee);
	signed(who, RuntimeCall::Assistance(pallet_assistance::Call::accept { case, refer_to }))
}

fn assistance_inspect(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) = at_step(
		cx,
		Service::SocialAssistance,
		Step::HouseholdInspection,
		Role::NeighborhoodCommitteeMember,
	)?;
	let call = pallet_assistance::Call::inspect {
		case,
		report: cx.cid(),
		confirmed: cx.rng.chance(85),
		refer_to: referral(cx, AgencyKind::SubDistrictOffice),
	};
	signed(who, RuntimeCall::Assistance(call))
}

/// An accountant assesses the income and sets an amount within the entitlement, mostly.
fn assistance_account_income(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) = at_step(
		cx,
		Service::SocialAssistance,
		Step::IncomeAccounting,
		Role::SubDistrictAccountant,
	)?;
	let members = case_persons(case);
	let assessed_income = Balance::from(members) * Balance::from(cx.rng.range(0, 700)) * YUAN;
	let line = AssistanceParameters::get().map_or(0, |p| p.assistance_line);
	let ceiling = pallet_assistance::entitlement(line, assessed_income, members);
	let monthly_amount = if ceiling > 0 && cx.rng.chance(85) {
		cx.rng.range(1, u64::try_from(ceiling).unwrap_or(u64::MAX)).into()
	} else {
		cx.amount()
	};
	let call = pallet_assistance::Call::account_income {
		case,
		accounting: cx.cid(),
		assessed_income,
		monthly_amount,
	};
	signed(who, RuntimeCall::Assistance(call))
}

/// The review's outcome call sent directly: only the review collective's majority may make it.
fn assistance_review(cx: &mut Cx) -> Option<Action> {
	let call = pallet_assistance::Call::review {
		case: cx.case_id(),
		approved: cx.rng.chance(50),
		minutes: cx.maybe(50, |cx| cx.cid()),
	};
	signed(cx.signer_any(), RuntimeCall::Assistance(call))
}

fn ml_accept(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) =
		at_step(cx, Service::MinimumLiving, Step::Acceptance, Role::CivilAffairsOfficer)?;
	let refer_to = referral(cx, AgencyKind::NeighborhoodCommittee);
	signed(who, RuntimeCall::MinimumLiving(pallet_minimum_living::Call::accept { case, refer_to }))
}

fn ml_inspect(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) = at_step(
		cx,
		Service::MinimumLiving,
		Step::HouseholdInspection,
		Role::NeighborhoodCommitteeMember,
	)?;
	let call = pallet_minimum_living::Call::inspect {
		case,
		report: cx.cid(),
		confirmed: cx.rng.chance(85),
		refer_to: referral(cx, AgencyKind::SubDistrictOffice),
	};
	signed(who, RuntimeCall::MinimumLiving(call))
}

fn ml_account_income(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) =
		at_step(cx, Service::MinimumLiving, Step::IncomeAccounting, Role::SubDistrictAccountant)?;
	let members = case_persons(case);
	let assessed_income = cx.amount_usually(85, |cx| {
		Balance::from(members) * Balance::from(cx.rng.range(0, 1_600)) * YUAN
	});
	let call =
		pallet_minimum_living::Call::account_income { case, accounting: cx.cid(), assessed_income };
	signed(who, RuntimeCall::MinimumLiving(call))
}

fn ml_review(cx: &mut Cx) -> Option<Action> {
	let call = pallet_minimum_living::Call::review {
		case: cx.case_id(),
		approved: cx.rng.chance(50),
		minutes: cx.maybe(50, |cx| cx.cid()),
	};
	signed(cx.signer_any(), RuntimeCall::MinimumLiving(call))
}

/// A participant objects to a case in its public notice.
fn ml_object(cx: &mut Cx) -> Option<Action> {
	let (case, _) = cx.open_case(|c| c.step == Step::PublicNotice)?;
	let who = if cx.rng.chance(90) { cx.participant() } else { cx.stranger() };
	let call = pallet_minimum_living::Call::object { case, objection: cx.cid() };
	signed(who, RuntimeCall::MinimumLiving(call))
}

fn ml_resolve_objection(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) =
		at_step(cx, Service::MinimumLiving, Step::ObjectionReview, Role::CivilAffairsOfficer)?;
	let call = pallet_minimum_living::Call::resolve_objection {
		case,
		upheld: cx.rng.chance(25),
		finding: cx.cid(),
	};
	signed(who, RuntimeCall::MinimumLiving(call))
}

/// A participant concludes a notice, mostly once it has run out.
fn ml_conclude_notice(cx: &mut Cx) -> Option<Action> {
	let (case, _) = cx.open_case(|c| c.step == Step::PublicNotice)?;
	let now = cx.world.now;
	let over = pallet_minimum_living::Households::<Runtime>::get(case)
		.and_then(|h| h.notice_ends)
		.is_some_and(|end| now >= end);
	if !over && !cx.rng.chance(15) {
		return None;
	}
	let who = if cx.rng.chance(92) { cx.participant() } else { cx.stranger() };
	signed(who, RuntimeCall::MinimumLiving(pallet_minimum_living::Call::conclude_notice { case }))
}

/// The department's yearly re-check of an active guarantee.
fn ml_recheck(cx: &mut Cx) -> Option<Action> {
	let (case, record) =
		cx.open_case(|c| c.service == Service::MinimumLiving && c.step == Step::AnnualRecheck)?;
	let who = cx.actor(Role::CivilAffairsOfficer, record.assignee.agency(), Some(record.region));
	let members =
		if cx.rng.chance(90) { cx.rng.range(1, 4) as u32 } else { cx.rng.below(20) as u32 };
	let household_income = cx.amount_usually(85, |cx| {
		Balance::from(members) * Balance::from(cx.rng.range(0, 1_600)) * YUAN
	});
	let call =
		pallet_minimum_living::Call::recheck { case, report: cx.cid(), household_income, members };
	signed(who, RuntimeCall::MinimumLiving(call))
}

fn welfare_accept(cx: &mut Cx) -> Option<Action> {
	let (case, who, _) =
		at_step(cx, Service::SocialWelfare, Step::Acceptance, Role::CountyWelfareOfficer)?;
	let institute = match cx.rng.below(100) {
		0..=69 => None,
		70..=94 => Some(cx.agency_of(AgencyKind::WelfareInstitute)),
		_ => Some(cx.agency_id()),
	};
	signed(who, RuntimeCall::Welfare(pallet_welfare::Call::accept { case, institute }))
}

/// The department forms a consultation team: mostly enough distinct doctors, sometimes too few,
/// a doctor twice, or someone who is not a doctor.
fn welfare_form_team(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (case, who, _) =
		at_step(cx, Service::SocialWelfare, Step::ConsultationTeam, Role::CountyWelfareOfficer)?;
	let mut doctors: Vec<AccountId> = world
		.staff
		.iter()
		.filter(|(_, m)| m.roles.contains(&Role::ConsultationDoctor))
		.map(|(who, _)| who.clone())
		.collect();
	let min_team = WelfareParameters::get().map_or(3, |p| u64::from(p.min_team));
	let size = if cx.rng.chance(88) {
		cx.rng.range(min_team, (min_team + 2).min(9))
	} else {
		cx.rng.below(11)
	} as usize;
	let mut team = Vec::new();
	while team.len() < size && !doctors.is_empty() {
		let at = cx.rng.below(doctors.len() as u64) as usize;
		team.push(doctors.swap_remove(at));
	}
	if cx.rng.chance(4) {
		if let Some(first) = team.first().cloned() {
			team.push(first);
		}
	}
	if cx.rng.chance(4) {
		team.push(cx.account());
	}
	signed(who, RuntimeCall::Welfare(pallet_welfare::Call::form_team { case, doctors: team }))
}

/// A team doctor checks the applicant's photo, then the doctors conclude: mostly the same
/// conclusion and grade, so a majority forms.
fn welfare_examine(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (case, record) = cx
		.open_case(|c| c.service == Service::SocialWelfare && c.step == Step::MedicalExamination)?;
	let welfare = pallet_welfare::WelfareCases::<Runtime>::get(case)?;
	let voters: Vec<AccountId> = welfare
		.team
		.iter()
		.filter(|d| cx.keys.has(d) && !welfare.votes.iter().any(|v| v.doctor == **d))
		.cloned()
		.collect();
	let who = match cx.pick_owned(&voters) {
		Some(doctor) if cx.rng.chance(90) => doctor,
		_ => cx.signer_any(),
	};
	let call = if !welfare.identity_verified && cx.rng.chance(90) {
		let photo = world.citizen(&record.applicant).and_then(|c| c.photo_cid.clone());
		let presented_photo = match photo {
			Some(photo) if cx.rng.chance(88) => photo,
			_ => cx.cid(),
		};
		pallet_welfare::Call::verify_identity { case, presented_photo }
	} else {
		let agreed = raw_cid_of(&(b"conclusion", case).encode());
		let conclusion = if cx.rng.chance(85) { agreed } else { cx.cid() };
		let grade = if cx.rng.chance(85) { (case % 10) as u8 + 1 } else { cx.rng.below(12) as u8 };
		let salt = if cx.rng.chance(95) { TEAM_SALT } else { cx.rng.array32() };
		pallet_welfare::Call::conclude { case, conclusion, grade, salt }
	};
	signed(who, RuntimeCall::Welfare(call))
}

fn welfare_handle(cx: &mut Cx) -> Option<Action> {
	let (case, who, record) =
		at_step(cx, Service::SocialWelfare, Step::WelfareHandling, Role::WelfareInstituteOfficer)?;
	let (monthly_income, declaration_salt) = welfare_declaration(&record.applicant);
	let figures = pallet_welfare::HandlingFigures {
		grade: if cx.rng.chance(90) { (case % 10) as u8 + 1 } else { cx.rng.below(12) as u8 },
		conclusion_salt: TEAM_SALT,
		monthly_income: cx.amount_usually(90, |_| monthly_income),
		declaration_salt,
	};
	signed(who, RuntimeCall::Welfare(pallet_welfare::Call::handle { case, figures }))
}

/// The democratic review of a case: a member proposes the team's decision, others vote, and a
/// member closes the motion once it carries.
fn review_step(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (case, record) =
		cx.open_case(|c| c.step == Step::DemocraticReview && c.status == CaseStatus::InReview)?;
	let outcome = match record.service {
		Service::SocialAssistance => "Assistance.review",
		Service::MinimumLiving => "MinimumLiving.review",
		_ => "",
	};
	let persons = pallet_cases::CasePersons::<Runtime>::get(case).unwrap_or_default();
	let motion = pallet_democratic_review::Motions::<Runtime, ReviewInstance>::get(case);
	let votes = motion.as_ref().and_then(|m| collective_votes::<ReviewInstance>(m.hash));
	let voted: Vec<AccountId> = votes
		.as_ref()
		.map(|v| [v.ayes.clone(), v.nays.clone()].concat())
		.unwrap_or_default();
	let members: Vec<AccountId> = world
		.review_team
		.iter()
		.filter(|m| {
			let concerned = world.staff_member(m).is_some_and(|s| persons.contains(&s.identity));
			cx.keys.has(m) && !voted.contains(m) && !concerned
		})
		.cloned()
		.collect();
	let who = match cx.pick_owned(&members) {
		Some(member) if cx.rng.chance(90) => member,
		_ => cx
			.pick_owned(&world.review_team)
			.filter(|m| cx.keys.has(m))
			.unwrap_or_else(|| cx.signer_any()),
	};
	use pallet_democratic_review::Call as Review;
	let call = match votes {
		None => Review::propose {
			case,
			approve: cx.rng.chance(85),
			minutes: cx.maybe(70, |cx| cx.cid()),
		},
		Some(v) if v.ayes.len() as u32 >= v.threshold || world.now > v.end || cx.rng.chance(10) =>
			Review::close { case },
		Some(_) => Review::vote { case, aye: cx.rng.chance(85) },
	};
	let call = RuntimeCall::DemocraticReview(call);
	Some(Action { exec: Exec::Signed { who, call }, inner: vec![outcome.to_string()] })
}

fn cases_withdraw(cx: &mut Cx) -> Option<Action> {
	let (case, applicant) =
		match cx.open_case(|c| !matches!(c.status, CaseStatus::Active | CaseStatus::Suspended)) {
			Some((id, case)) if cx.rng.chance(92) => (id, Some(case.applicant)),
			_ => (cx.case_id(), None),
		};
	let who = match applicant {
		Some(who) if cx.rng.chance(90) => who,
		_ => cx.signer_any(),
	};
	signed(who, RuntimeCall::Cases(pallet_cases::Call::withdraw { case }))
}

/// An approved case, with its managing officer (the service's managing role at the agency that
/// decided it), mostly.
fn managed(cx: &mut Cx, status: &[CaseStatus]) -> Option<(CaseId, AccountId)> {
	let (case, record) = cx.open_case(|c| status.contains(&c.status))?;
	let agency = record.managing_agency();
	let who = cx.actor(record.service.managing_role(), Some(agency), Some(record.region));
	Some((case, who))
}

fn cases_suspend(cx: &mut Cx) -> Option<Action> {
	let (case, who) = managed(cx, &[CaseStatus::Active])?;
	signed(who, RuntimeCall::Cases(pallet_cases::Call::suspend { case, reason: cx.cid() }))
}

fn cases_resume(cx: &mut Cx) -> Option<Action> {
	let (case, who) = managed(cx, &[CaseStatus::Suspended])?;
	signed(who, RuntimeCall::Cases(pallet_cases::Call::resume { case }))
}

fn cases_end(cx: &mut Cx) -> Option<Action> {
	let (case, who) = managed(cx, &[CaseStatus::Active, CaseStatus::Suspended])?;
	signed(who, RuntimeCall::Cases(pallet_cases::Call::end { case, reason: cx.cid() }))
}

/// A case at its acceptance turned down, by the staff the step waits for, mostly.
fn cases_decline(cx: &mut Cx) -> Option<Action> {
	let (case, record) = cx.open_case(|c| c.step == Step::Acceptance)?;
	let (role, agency) = match record.assignee {
		safetynet_primitives::cases::Assignee::Staff { role, agency } => (role, agency),
		_ => (Role::CivilAffairsOfficer, record.agency),
	};
	let who = cx.actor(role, Some(agency), Some(record.region));
	signed(who, RuntimeCall::Cases(pallet_cases::Call::decline { case, reason: cx.cid() }))
}

/// An agency involved in a joint decision agrees (mostly) or refuses, through staff holding
/// the role the decision names for it.
fn cases_decide_jointly(cx: &mut Cx) -> Option<Action> {
	let (case, record) = cx.open_case(|c| c.step == Step::JointDecision)?;
	let decision = pallet_cases::JointDecisions::<Runtime>::get(case)?;
	let waiting: Vec<_> = decision.parties.iter().filter(|p| !p.agreed).copied().collect();
	let party = cx.pick_owned(&waiting).or_else(|| decision.parties.first().copied())?;
	let who = cx.actor(party.role, Some(party.agency), Some(record.region));
	let call = pallet_cases::Call::decide_jointly { case, allow: cx.rng.chance(85) };
	signed(who, RuntimeCall::Cases(call))
}

// ------------------------------------------------------------------------------------------------
// Generators: documents, payments, money
// ------------------------------------------------------------------------------------------------

/// An administrator registers its agency's keys: a seal key the fuzzer keeps (so it can seal
/// the agency's approvals), mostly, and an age recipient.
fn documents_set_keys(cx: &mut Cx) -> Option<Action> {
	let (who, agency) = cx.admin_and_agency()?;
	let seal = if cx.rng.chance(90) {
		cx.seals.add(sr25519::Pair::from_seed(&cx.rng.array32()))
	} else {
		sr25519::Public::from_raw(cx.rng.array32())
	};
	let recipient = BoundedVec::truncate_from(cx.recipient());
	let call = pallet_documents::Call::set_agency_keys { agency, seal, recipient };
	signed(who, RuntimeCall::Documents(call))
}

/// The applicant grants an agency access to a case's documents: to the case's agency or another.
fn documents_grant(cx: &mut Cx) -> Option<Action> {
	let (case, applicant, agency) = match cx.open_case(|_| true) {
		Some((id, record)) if cx.rng.chance(90) => (id, Some(record.applicant), record.agency),
		_ => (cx.case_id(), None, cx.agency_id()),
	};
	let who = match applicant {
		Some(who) if cx.rng.chance(90) => who,
		_ => cx.signer_any(),
	};
	let agency = if cx.rng.chance(60) { agency } else { cx.agency_id() };
	let call = pallet_documents::Call::grant_access { case, agency };
	signed(who, RuntimeCall::Documents(call))
}

/// The applicant adds a document to a case: mostly their own open case.
fn documents_add(cx: &mut Cx) -> Option<Action> {
	let (case, applicant) = match cx.open_case(|_| true) {
		Some((id, record)) if cx.rng.chance(90) => (id, Some(record.applicant)),
		_ => (cx.case_id(), None),
	};
	let who = match applicant {
		Some(who) if cx.rng.chance(90) => who,
		_ => cx.signer_any(),
	};
	let document = cx.cid();
	signed(who, RuntimeCall::Documents(pallet_documents::Call::add_document { case, document }))
}

/// A staff member receipts an access to one of a granted case's documents (or anyone, anything).
fn documents_access(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let case = match cx.rng.pick(&world.grants) {
		Some((case, _)) if cx.rng.chance(90) => *case,
		_ => cx.case_id(),
	};
	let document = match pallet_cases::Cases::<Runtime>::get(case) {
		Some(record) if cx.rng.chance(85) && !record.documents.is_empty() => {
			let i = cx.rng.below(record.documents.len() as u64) as usize;
			record.documents[i].clone()
		},
		_ => cx.cid(),
	};
	let who = match cx.staff_any() {
		Some(staff) if cx.rng.chance(90) => staff,
		_ => cx.signer_any(),
	};
	signed(who, RuntimeCall::Documents(pallet_documents::Call::record_access { case, document }))
}

/// A lawful erasure order (a passed motion), or a staff member's after retention.
fn documents_erase(cx: &mut Cx) -> Option<Action> {
	let case = cx.case_id();
	let call = RuntimeCall::Documents(pallet_documents::Call::order_erasure { case });
	if cx.rng.chance(50) {
		return root(call);
	}
	let who = cx.staff_any().unwrap_or_else(|| cx.signer_any());
	signed(who, call)
}

/// An administrator registers its document node's custodian key: a fresh key the fuzzer keeps,
/// mostly; sometimes an account's key, or another agency, or anyone signing.
fn documents_set_custodian(cx: &mut Cx) -> Option<Action> {
	let (who, agency) = cx.admin_and_agency()?;
	let custodian = match cx.rng.below(10) {
		0 => sr25519::Public::from_raw(who.clone().into()),
		1 => sr25519::Public::from_raw(cx.rng.array32()),
		_ => cx.seals.add(sr25519::Pair::from_seed(&cx.rng.array32())),
	};
	let call = pallet_documents::Call::set_custodian { agency, custodian };
	signed(who, RuntimeCall::Documents(call))
}

/// A holder's document node reports an erasure: signed with its custodian key when the fuzzer
/// holds it, mostly; for another case, another agency, or with a random signature otherwise.
fn documents_record_erasure(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (case, agency) = match cx.rng.pick(&world.erasures) {
		Some((case, pending)) if cx.rng.chance(90) => {
			let agency = cx.rng.pick(pending).copied().unwrap_or_else(|| cx.agency_id());
			(*case, agency)
		},
		_ => (cx.case_id(), cx.agency_id()),
	};
	let genesis = pallet_documents::Pallet::<Runtime>::genesis_hash();
	let message = pallet_documents::custody::erasure_message(genesis, case, agency);
	let receipt = pallet_documents::Custodians::<Runtime>::get(agency)
		.and_then(|key| cx.seals.0.get(&key.0).map(|pair| pair.sign(&message)));
	let signature = match receipt {
		Some(signature) if cx.rng.chance(90) => signature,
		_ => {
			let mut raw = [0u8; 64];
			raw.copy_from_slice(&cx.rng.bytes(64));
			sr25519::Signature::from_raw(raw)
		},
	};
	let call = pallet_documents::Call::record_erasure { case, agency, signature };
	Some(Action { exec: Exec::Bare(RuntimeCall::Documents(call)), inner: Vec::new() })
}

fn documents_revoke(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let (case, agency) = match cx.rng.pick(&world.grants) {
		Some(grant) if cx.rng.chance(90) => *grant,
		_ => (cx.case_id(), cx.agency_id()),
	};
	let who = match pallet_cases::Cases::<Runtime>::get(case) {
		Some(record) if cx.rng.chance(90) => record.applicant,
		_ => cx.signer_any(),
	};
	let call = pallet_documents::Call::revoke_access { case, agency };
	signed(who, RuntimeCall::Documents(call))
}

/// An agency's node seals an approved case: the approval record signed with the agency's seal
/// key when the fuzzer holds it, mostly; a bare transaction, as the offchain worker sends it.
fn documents_seal(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let case = match cx.rng.pick(&world.awaiting_seal) {
		Some(case) if cx.rng.chance(92) => *case,
		_ => cx.case_id(),
	};
	let signed_record = pallet_documents::Pallet::<Runtime>::approval_record(case).ok().and_then(
		|(_, keys, record)| {
			let message = pallet_documents::record::seal_message(&record);
			cx.seals.0.get(&keys.seal.0).map(|pair| pair.sign(&message))
		},
	);
	let signature = match signed_record {
		Some(signature) if cx.rng.chance(90) => signature,
		_ => {
			let mut raw = [0u8; 64];
			raw.copy_from_slice(&cx.rng.bytes(64));
			sr25519::Signature::from_raw(raw)
		},
	};
	let call = RuntimeCall::Documents(pallet_documents::Call::submit_seal { case, signature });
	Some(Action { exec: Exec::Bare(call), inner: Vec::new() })
}

fn payments_settle(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let schedule = match cx.rng.pick(&world.arrears) {
		Some(id) if cx.rng.chance(88) => *id,
		_ => cx.rng.below(world.next_schedule + 2),
	};
	let who = if cx.rng.chance(90) { cx.participant() } else { cx.signer_any() };
	signed(who, RuntimeCall::Payments(pallet_payments::Call::settle_arrears { schedule }))
}

/// Someone with money moves some: to a citizen, a fund, a payer in arrears, or anyone.
fn balances_transfer(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let who = match cx.rng.below(3) {
		0 => cx.citizen_any().map_or_else(alice, |(who, _)| who),
		1 => alice(),
		_ => cx.signer_any(),
	};
	let dest = match cx.rng.below(4) {
		0 => pallet_payments::Pallet::<Runtime>::fund_of(cx.agency_id()),
		1 => match cx.rng.pick(&world.arrears) {
			Some(id) => pallet_payments::Schedules::<Runtime>::get(id)
				.map_or_else(|| cx.account(), |s| s.payer),
			None => cx.account(),
		},
		_ => cx.account(),
	};
	let value = cx.amount_usually(80, |cx| Balance::from(cx.rng.range(1, 2_000)) * YUAN);
	let dest = MultiAddress::Id(dest);
	let call = if cx.rng.chance(50) {
		pallet_balances::Call::transfer_keep_alive { dest, value }
	} else {
		pallet_balances::Call::transfer_allow_death { dest, value }
	};
	signed(who, RuntimeCall::Balances(call))
}

/// Balance calls the admission policy does not let participants make.
fn balances_other(cx: &mut Cx) -> Option<Action> {
	let who = cx.signer_any();
	let call = match cx.rng.below(2) {
		0 => pallet_balances::Call::transfer_all {
			dest: MultiAddress::Id(cx.account()),
			keep_alive: cx.rng.chance(50),
		},
		_ => pallet_balances::Call::burn { value: cx.amount(), keep_alive: cx.rng.chance(50) },
	};
	signed(who, RuntimeCall::Balances(call))
}

/// An administrator (mostly) registers session keys, mostly with a valid proof of
/// possession (each key's signature over `POP_` and the signer's account), or purges them.
fn session_keys(cx: &mut Cx) -> Option<Action> {
	let world = cx.world;
	let who = match cx.pick_owned(&world.council) {
		Some(member) if cx.rng.chance(85) && cx.keys.has(&member) => member,
		_ => cx.signer_any(),
	};
	if cx.rng.chance(10) {
		return signed(who, RuntimeCall::Session(pallet_session::Call::purge_keys {}));
	}
	let mut seed = [0u8; 32];
	seed[..8].copy_from_slice(&cx.rng.next().to_le_bytes());
	let aura = sr25519::Pair::from_seed(&seed);
	let grandpa = ed25519::Pair::from_seed(&seed);
	let statement = [&b"POP_"[..], who.as_ref()].concat();
	let mut proof = (aura.sign(&statement), grandpa.sign(&statement)).encode();
	if cx.rng.chance(20) {
		proof[0] ^= 1;
	}
	let keys = safetynet_runtime::opaque::SessionKeys {
		aura: aura.public().into(),
		grandpa: grandpa.public().into(),
	};
	signed(who, RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof }))
}

fn system_remark(cx: &mut Cx) -> Option<Action> {
	let call = gov_remark(cx);
	signed(cx.signer_any(), call)
}

// ------------------------------------------------------------------------------------------------
// Generators: calls decoded from random or mutated bytes
// ------------------------------------------------------------------------------------------------

/// The pallet indices of the runtime's calls (Aura has none).
const CALL_PALLETS: [u8; 22] =
	[0, 1, 3, 4, 11, 12, 13, 14, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33, 40, 41];

/// A call decoded from bytes: random after a pallet and call index, or a generated call's
/// encoding with a few bytes changed. Whatever decodes is sent, by anyone.
fn random_call(cx: &mut Cx) -> Option<Action> {
	let bytes = if cx.rng.chance(50) {
		let mut bytes = vec![*cx.rng.pick(&CALL_PALLETS).expect("pallets"), cx.rng.below(20) as u8];
		let len = cx.rng.below(120) as usize;
		bytes.extend(cx.rng.bytes(len));
		bytes
	} else {
		let plain = &GENERATORS[..GENERATORS.len() - WRAPPING_GENERATORS];
		let generate = pick_weighted(cx.rng, plain);
		let mut bytes = generate(cx)?.call().encode();
		for _ in 0..cx.rng.range(1, 4) {
			let at = cx.rng.below(bytes.len() as u64) as usize;
			bytes[at] = cx.rng.next() as u8;
		}
		bytes
	};
	let call = RuntimeCall::decode_with_depth_limit(16, &mut &bytes[..]).ok()?;
	signed(cx.signer_any(), call)
}

// ------------------------------------------------------------------------------------------------
// Choosing what to do
// ------------------------------------------------------------------------------------------------

/// The generators the call-driven mode picks from, by weight. The last
/// [`WRAPPING_GENERATORS`] wrap other generators' calls and are never wrapped themselves.
const GENERATORS: &[(u64, Gen)] = &[
	(30, reg_request),
	(5, reg_withdraw),
	(30, reg_verify),
	(6, reg_reject),
	(3, reg_reject_many),
	(2, reg_revoke),
	(6, reg_register_staff),
	(5, reg_set_staff_roles),
	(2, reg_remove_staff),
	(10, insurance_apply),
	(3, insurance_resubmit),
	(10, assistance_apply),
	(3, assistance_resubmit),
	(10, welfare_apply),
	(3, welfare_resubmit),
	(10, ml_apply),
	(3, ml_resubmit),
	(3, assistance_accept),
	(3, assistance_inspect),
	(3, assistance_account_income),
	(1, assistance_review),
	(3, ml_accept),
	(3, ml_inspect),
	(3, ml_account_income),
	(1, ml_review),
	(3, ml_object),
	(3, ml_resolve_objection),
	(4, ml_conclude_notice),
	(3, ml_recheck),
	(3, welfare_accept),
	(3, welfare_form_team),
	(5, welfare_examine),
	(3, welfare_handle),
	(6, review_step),
	(3, cases_withdraw),
	(3, cases_suspend),
	(3, cases_resume),
	(2, cases_end),
	(2, cases_decline),
	(3, cases_decide_jointly),
	(4, documents_set_keys),
	(5, documents_grant),
	(3, documents_revoke),
	(3, documents_add),
	(5, documents_access),
	(1, documents_erase),
	(5, documents_seal),
	(2, documents_set_custodian),
	(4, documents_record_erasure),
	(5, payments_settle),
	(6, balances_transfer),
	(2, balances_other),
	(3, session_keys),
	(1, system_remark),
	(25, governance),
	(3, council_propose_any),
	(30, council_vote),
	(8, council_close),
	(1, council_execute),
	(2, review_team_direct),
	(2, random_call),
];

/// How many generators at the end of [`GENERATORS`] wrap others.
const WRAPPING_GENERATORS: usize = 1;

/// The generators that move an open case on from where it stands (and a few that act on it
/// whatever its step).
fn step_generators(case: &OpenCase) -> &'static [Gen] {
	use CaseStatus::*;
	use Service::*;
	use Step::*;
	match (case.status, case.service, case.step) {
		(AwaitingCorrection, SocialInsurance, _) =>
			&[insurance_resubmit, insurance_resubmit, cases_withdraw],
		(AwaitingCorrection, SocialAssistance, _) =>
			&[assistance_resubmit, assistance_resubmit, cases_withdraw],
		(AwaitingCorrection, SocialWelfare, _) =>
			&[welfare_resubmit, welfare_resubmit, cases_withdraw],
		(AwaitingCorrection, MinimumLiving, _) => &[ml_resubmit, ml_resubmit, cases_withdraw],
		(InReview, SocialAssistance, Acceptance) =>
			&[assistance_accept, assistance_accept, cases_decline, cases_withdraw, documents_grant],
		(InReview, MinimumLiving, Acceptance) =>
			&[ml_accept, ml_accept, cases_decline, cases_withdraw, documents_grant],
		(InReview, SocialWelfare, Acceptance) =>
			&[welfare_accept, welfare_accept, cases_decline, cases_withdraw, documents_grant],
		(InReview, SocialAssistance, HouseholdInspection) => &[assistance_inspect],
		(InReview, MinimumLiving, HouseholdInspection) => &[ml_inspect],
		(InReview, SocialAssistance, IncomeAccounting) => &[assistance_account_income],
		(InReview, MinimumLiving, IncomeAccounting) => &[ml_account_income],
		(InReview, _, DemocraticReview) => &[review_step],
		(InReview, MinimumLiving, PublicNotice) => &[ml_conclude_notice, ml_object],
		(InReview, MinimumLiving, ObjectionReview) => &[ml_resolve_objection],
		(InReview, SocialWelfare, ConsultationTeam) => &[welfare_form_team],
		(InReview, SocialWelfare, MedicalExamination) => &[welfare_examine],
		(InReview, SocialWelfare, WelfareHandling) => &[welfare_handle],
		(InReview, _, JointDecision) => &[cases_decide_jointly],
		(Active, MinimumLiving, AnnualRecheck) =>
			&[ml_recheck, ml_recheck, cases_suspend, cases_end, documents_grant, payments_settle],
		(Active, _, _) =>
			&[cases_suspend, cases_end, documents_grant, documents_revoke, payments_settle],
		(Suspended, _, _) => &[cases_resume, cases_resume, cases_end],
		_ => &[cases_withdraw],
	}
}

/// Picks an open case and moves it on: what drives cases through every step.
fn case_driven(cx: &mut Cx) -> Option<Action> {
	let case = *cx.rng.pick(&cx.world.open_cases)?;
	cx.focus = Some(case.id);
	let generate = *cx.rng.pick(step_generators(&case))?;
	let action = generate(cx);
	cx.focus = None;
	action
}

/// The next transaction: 40 % of the time one that moves an open case on, otherwise any
/// generator by weight.
fn generate(cx: &mut Cx) -> Action {
	for _ in 0..16 {
		let action = if cx.rng.chance(40) {
			case_driven(cx)
		} else {
			let generate = pick_weighted(cx.rng, GENERATORS);
			generate(cx)
		};
		if let Some(action) = action {
			return action;
		}
	}
	let call = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
	Action { exec: Exec::Root(call), inner: Vec::new() }
}

// ------------------------------------------------------------------------------------------------
// Signing
// ------------------------------------------------------------------------------------------------

/// Ways to sign a transaction wrongly, so the checks before dispatch are exercised too.
#[derive(Clone, Copy, PartialEq)]
enum Fault {
	None,
	/// A nonce ahead of the account's (`Future`).
	NonceAhead,
	/// A nonce already used (`Stale`).
	NonceBehind,
	/// Signed with someone else's key (`BadProof`).
	OtherKey,
	/// Signed over another genesis hash (`BadProof`).
	OtherChain,
}

fn fault(rng: &mut Rng) -> Fault {
	match rng.below(1000) {
		0..=959 => Fault::None,
		960..=969 => Fault::NonceAhead,
		970..=979 => Fault::NonceBehind,
		980..=989 => Fault::OtherKey,
		_ => Fault::OtherChain,
	}
}

/// Signs `call` as `who`, as a wallet would: the account's next nonce, immortal or mortal from
/// the last block, over the payload the runtime rebuilds. `fault` bends one of those.
fn sign(
	keys: &Keys,
	who: &AccountId,
	call: RuntimeCall,
	mortal: bool,
	fault: Fault,
) -> UncheckedExtrinsic {
	let now = frame_system::Pallet::<Runtime>::block_number();
	let mut nonce = frame_system::Account::<Runtime>::get(who).nonce;
	match fault {
		Fault::NonceAhead => nonce = nonce.wrapping_add(1),
		Fault::NonceBehind => nonce = nonce.wrapping_sub(1),
		_ => {},
	}
	let era =
		if mortal { Era::mortal(64, u64::from(now.saturating_sub(1))) } else { Era::Immortal };
	let extension = safetynet_runtime::tx_extension(nonce, era);
	let payload = match SignedPayload::new(call.clone(), extension.clone()) {
		Ok(payload) if fault != Fault::OtherChain => payload,
		_ => {
			let other = H256::repeat_byte(7);
			let implicit =
				((), VERSION.spec_version, VERSION.transaction_version, other, other, (), (), ());
			SignedPayload::from_raw(call.clone(), extension.clone(), implicit)
		},
	};
	let key = match keys.keys.get(who) {
		Some(key) if fault != Fault::OtherKey => key.clone(),
		_ => Key::Sr(Box::new(Sr25519Keyring::Bob.pair())),
	};
	let signature = payload.using_encoded(|bytes| key.sign(bytes));
	UncheckedExtrinsic::new_signed(call, MultiAddress::Id(who.clone()), signature, extension)
}

// ------------------------------------------------------------------------------------------------
// The set-up every episode starts from
// ------------------------------------------------------------------------------------------------

/// The agencies the set-up adds, as ids 1 to 15 (agency 0, the development chain's social
/// insurance agency serving Beijing, is Alice's): every kind, in nested regions, so that each
/// neighbourhood's responsible agencies are found by walking up from it (and for some, not at
/// all). All sixteen funds are endowed at genesis.
const SETUP_AGENCIES: [(AgencyKind, &str, u64); 15] = [
	(AgencyKind::SocialInsuranceAgency, "Chaoyang Social Insurance Agency", CHAOYANG),
	(AgencyKind::CivilAffairsDepartment, "Chaoyang Civil Affairs Department", CHAOYANG),
	(AgencyKind::CivilAffairsDepartment, "Dongcheng Civil Affairs Department", DONGCHENG),
	(AgencyKind::NeighborhoodCommittee, "Jianwai Neighbourhood Committee", CY_SUB1),
	(AgencyKind::NeighborhoodCommittee, "Dongcheng Community Committee", 110_101_001_001),
	(AgencyKind::SubDistrictOffice, "Jianwai Sub-district Office", CY_SUB1),
	(AgencyKind::SubDistrictOffice, "Dongcheng Sub-district Office", DC_SUB1),
	(AgencyKind::WelfareInstitute, "Chaoyang Welfare Institute", CHAOYANG),
	(AgencyKind::WelfareInstitute, "Dongcheng Welfare Institute", DONGCHENG),
	(AgencyKind::CountyWelfareDepartment, "Chaoyang County Welfare Department", CHAOYANG),
	(AgencyKind::CountyWelfareDepartment, "Dongcheng County Welfare Department", DONGCHENG),
	(AgencyKind::Hospital, "Beijing City Hospital", BEIJING_CITY),
	(AgencyKind::Hospital, "Chaoyang Hospital", CHAOYANG),
	(AgencyKind::AuditOffice, "Beijing Audit Office", BEIJING),
	(AgencyKind::NeighborhoodCommittee, "Second Neighbourhood Committee", CY_SUB2),
];

/// Seats on the democratic review team, by agency: five agencies, so no agency carries a motion
/// alone.
const REVIEW_SEATS: [(AgencyId, u32); 5] = [(2, 3), (3, 1), (4, 2), (6, 2), (15, 1)];

/// Staff: name, agency, roles, post, person. Persons 1 to 30 are citizens or their households;
/// staff who are one of them (`cao2b`, `drm2`, `ncm4b`, `sda6b`, `doc12a`) have a conflict of
/// interest in those cases.
#[allow(clippy::type_complexity)]
const SETUP_STAFF: &[(&str, AgencyId, &[Role], u64, u64)] = {
	use Role::*;
	&[
		("sio0a", 0, &[SocialInsuranceOfficer], BEIJING, 100),
		("sio1a", 1, &[SocialInsuranceOfficer], CHAOYANG, 101),
		("sio1b", 1, &[SocialInsuranceOfficer], CY_SUB1, 102),
		("cao2a", 2, &[CivilAffairsOfficer, DemocraticReviewMember], CHAOYANG, 103),
		("cao2b", 2, &[CivilAffairsOfficer], CHAOYANG, 7),
		("cao2c", 2, &[CivilAffairsOfficer], CY_SUB2, 104),
		("drm2", 2, &[DemocraticReviewMember], CHAOYANG, 15),
		("cao3a", 3, &[CivilAffairsOfficer, DemocraticReviewMember], DONGCHENG, 105),
		("cao3b", 3, &[CivilAffairsOfficer], DONGCHENG, 106),
		("ncm4a", 4, &[NeighborhoodCommitteeMember, DemocraticReviewMember], CY_SUB1, 107),
		("ncm4b", 4, &[NeighborhoodCommitteeMember], 110_105_001_001, 6),
		("ncm5a", 5, &[NeighborhoodCommitteeMember], 110_101_001_001, 108),
		("ncm15a", 15, &[NeighborhoodCommitteeMember, DemocraticReviewMember], CY_SUB2, 109),
		("sda6a", 6, &[SubDistrictAccountant, DemocraticReviewMember], CY_SUB1, 110),
		("sda6b", 6, &[SubDistrictAccountant], CY_SUB1, 9),
		("sda7a", 7, &[SubDistrictAccountant], DC_SUB1, 111),
		("wio8a", 8, &[WelfareInstituteOfficer], CHAOYANG, 112),
		("wio8b", 8, &[WelfareInstituteOfficer], CHAOYANG, 113),
		("wio9a", 9, &[WelfareInstituteOfficer], DONGCHENG, 114),
		("cwo10a", 10, &[CountyWelfareOfficer], CHAOYANG, 115),
		("cwo10b", 10, &[CountyWelfareOfficer], CHAOYANG, 116),
		("cwo11a", 11, &[CountyWelfareOfficer], DONGCHENG, 117),
		("doc12a", 12, &[ConsultationDoctor], BEIJING_CITY, 16),
		("doc12b", 12, &[ConsultationDoctor], BEIJING_CITY, 118),
		("doc12c", 12, &[ConsultationDoctor], BEIJING_CITY, 119),
		("doc12d", 12, &[ConsultationDoctor], BEIJING_CITY, 120),
		("doc13a", 13, &[ConsultationDoctor], CHAOYANG, 121),
		("doc13b", 13, &[ConsultationDoctor], CHAOYANG, 122),
		("aud14", 14, &[Auditor], BEIJING, 123),
	]
};

/// Citizens: name, verifying agency, roles, residence, person, household persons, yuan. The
/// households overlap (`aid1`, `aid2` and `ml1` share people) so benefits meet in the
/// duplicate check; `ins3` cannot pay a premium; `ml2` lives in Shanghai, where no agency is.
#[allow(clippy::type_complexity)]
const SETUP_CITIZENS: &[(&str, AgencyId, &[Role], u64, u64, &[u64], u128)] = {
	use Role::*;
	&[
		("ins1", 1, &[InsuredEmployee], 110_105_001_001, 1, &[2], 10_000),
		("ins2", 0, &[InsuredEmployee], 110_101_001_001, 2, &[1], 10_000),
		("ins3", 1, &[InsuredEmployee], 110_105_002_001, 3, &[], 1),
		("ent1", 1, &[Enterprise], 110_105_001_002, 4, &[], 100_000),
		("aid1", 2, &[AidApplicant, MinimumLivingApplicant], 110_105_001_001, 5, &[6, 7], 100),
		("aid2", 2, &[AidApplicant, MinimumLivingApplicant], 110_105_001_002, 6, &[5, 7], 100),
		("aid3", 2, &[AidApplicant], 110_105_002_001, 8, &[9], 100),
		("aid4", 3, &[AidApplicant, MinimumLivingApplicant], 110_101_001_001, 10, &[11, 105], 100),
		("ml1", 2, &[MinimumLivingApplicant], 110_105_003_001, 12, &[5], 100),
		("ml2", 3, &[MinimumLivingApplicant], 310_101_001_001, 13, &[], 100),
		("ml3", 2, &[MinimumLivingApplicant], 110_105_001_001, 14, &[15], 100),
		("wel1", 10, &[WelfareApplicant], 110_105_001_001, 16, &[], 100),
		("wel2", 8, &[WelfareApplicant], 110_105_001_002, 17, &[16], 100),
		("wel3", 11, &[WelfareApplicant], 110_101_001_001, 18, &[], 100),
		("wel4", 10, &[WelfareApplicant], 110_105_002_001, 19, &[5], 100),
	]
};

/// How many generated strangers each episode starts with (besides Bob and the other funded
/// development accounts).
const STRANGERS: usize = 24;

fn role_set(roles: &[Role]) -> RoleSet {
	pallet_registration::roles_from_list(roles).expect("few roles")
}

/// Applies one set-up block of `calls` (made inside the block by `make`), each of which must
/// succeed: the set-up is fixed, so a failure is a bug in it or in the runtime.
fn setup_block(
	chain: &mut Chain,
	keys: &Keys,
	make: impl FnOnce() -> Vec<(Option<AccountId>, RuntimeCall)>,
) {
	chain.open_block(1);
	let calls = chain.with(make);
	for (who, call) in calls {
		let tx = match &who {
			Some(who) =>
				Tx::Extrinsic(chain.with(|| sign(keys, who, call.clone(), false, Fault::None))),
			None => Tx::Root(call.clone()),
		};
		match chain.apply(tx) {
			Applied::Ok { inner } if inner.iter().all(|(_, r)| r.is_ok()) => {},
			other => panic!("the set-up's {call:?} failed: {}", outcome_text(&other)),
		}
	}
	chain.close_block();
}

/// Builds the cast: agencies with keys, review seats, staff, citizens with money, and the keys
/// of strangers who may only ask to register.
fn set_up(chain: &mut Chain, keys: &mut Keys, seals: &mut SealKeys) {
	use pallet_registration::Call as Reg;
	keys.insert("alice".into(), Key::Sr(Box::new(Sr25519Keyring::Alice.pair())));
	seals.add(Sr25519Keyring::Alice.pair());
	let admins: Vec<AccountId> = (1..=SETUP_AGENCIES.len())
		.map(|id| keys.named(&format!("admin-{id}")))
		.collect();
	setup_block(chain, keys, || {
		let mut calls: Vec<(Option<AccountId>, RuntimeCall)> = SETUP_AGENCIES
			.iter()
			.zip(&admins)
			.map(|((kind, name, region), admin)| {
				let call = Reg::add_agency {
					kind: *kind,
					name: name.as_bytes().to_vec(),
					admin: admin.clone(),
					region: RegionCode(*region),
				};
				(None, RuntimeCall::Registration(call))
			})
			.collect();
		// Far more than a person sends: the fuzzer sends for many people from few accounts.
		for (class, transactions) in [
			(ParticipantClass::Citizen, 600),
			(ParticipantClass::Staff, 20_000),
			(ParticipantClass::Administrator, 20_000),
		] {
			let quota = Some(Quota { transactions, period: 1_200 });
			calls.push((None, RuntimeCall::Registration(Reg::set_quota { class, quota })));
		}
		calls
	});

	let seal_keys: Vec<sr25519::Public> = (1..=SETUP_AGENCIES.len())
		.map(|id| {
			let seed = sp_io::hashing::blake2_256(format!("seal-{id}").as_bytes());
			seals.add(sr25519::Pair::from_seed(&seed))
		})
		.collect();
	let staff: Vec<AccountId> = SETUP_STAFF.iter().map(|s| keys.named(s.0)).collect();
	setup_block(chain, keys, || {
		let mut calls: Vec<(Option<AccountId>, RuntimeCall)> = REVIEW_SEATS
			.iter()
			.map(|(agency, seats)| {
				let call = Reg::set_review_seats { agency: *agency, seats: *seats };
				(None, RuntimeCall::Registration(call))
			})
			.collect();
		for (i, (admin, seal)) in admins.iter().zip(&seal_keys).enumerate() {
			let recipient = format!("age1{}", "q".repeat(58)).into_bytes();
			let call = pallet_documents::Call::set_agency_keys {
				agency: i as AgencyId + 1,
				seal: *seal,
				recipient: BoundedVec::truncate_from(recipient),
			};
			calls.push((Some(admin.clone()), RuntimeCall::Documents(call)));
		}
		for ((_, agency, roles, post, person_no), who) in SETUP_STAFF.iter().zip(&staff) {
			let admin = if *agency == 0 { alice() } else { admins[*agency as usize - 1].clone() };
			let call = Reg::register_staff {
				who: who.clone(),
				roles: role_set(roles),
				identity: person(*person_no),
				region: RegionCode(*post),
			};
			calls.push((Some(admin), RuntimeCall::Registration(call)));
		}
		calls
	});

	let citizens: Vec<AccountId> = SETUP_CITIZENS.iter().map(|c| keys.named(c.0)).collect();
	setup_block(chain, keys, || {
		let now = frame_system::Pallet::<Runtime>::block_number();
		let now_ms = pallet_timestamp::Now::<Runtime>::get();
		SETUP_CITIZENS
			.iter()
			.zip(&citizens)
			.map(|((name, agency, roles, ..), who)| {
				let form = RegistrationForm {
					roles: role_set(roles),
					id_valid_until: now_ms + 3_650 * DAY_MS,
					form_cid: raw_cid_of(name.as_bytes()),
					photo_cid: (*name != "ent1").then(|| raw_cid_of(&(name, "photo").encode())),
					agency: *agency,
				};
				let nonce = grind(who, now - 1, &form, 0, true);
				let work = ProofOfWork { block: now - 1, nonce };
				(
					Some(who.clone()),
					RuntimeCall::Registration(Reg::request_registration { form, work }),
				)
			})
			.collect()
	});

	setup_block(chain, keys, || {
		let mut calls = Vec::new();
		for ((_, agency, _, residence, person_no, household, yuan), who) in
			SETUP_CITIZENS.iter().zip(&citizens)
		{
			let verifier =
				if *agency == 0 { alice() } else { admins[*agency as usize - 1].clone() };
			let verification = Verification {
				identity: person(*person_no),
				residence: RegionCode(*residence),
				household: BoundedVec::truncate_from(
					household.iter().map(|p| person(*p)).collect(),
				),
			};
			let call = Reg::verify_citizen { who: who.clone(), verification };
			calls.push((Some(verifier), RuntimeCall::Registration(call)));
			let money = pallet_balances::Call::force_set_balance {
				who: MultiAddress::Id(who.clone()),
				new_free: yuan * YUAN,
			};
			calls.push((None, RuntimeCall::Balances(money)));
		}
		calls
	});

	for i in 0..STRANGERS {
		let who = keys.named(&format!("stranger-{i}"));
		keys.strangers.push(who);
	}
	for dev in Sr25519Keyring::well_known().filter(|k| *k != Sr25519Keyring::Alice) {
		let who = keys.insert(format!("{dev:?}").to_lowercase(), Key::Sr(Box::new(dev.pair())));
		keys.strangers.push(who);
	}
}

// ------------------------------------------------------------------------------------------------
// What the run found
// ------------------------------------------------------------------------------------------------

/// How often one call was made, and what became of it.
#[derive(Default, Clone)]
struct CallStats {
	attempts: u64,
	ok: u64,
	failed: u64,
	refused: u64,
	/// Successes as the call a wrapper dispatched (a motion, `dispatch_as_root`).
	wrapped_ok: u64,
}

/// A panic or a broken invariant, with everything needed to replay it.
struct Finding {
	what: String,
	episode: u64,
	block: BlockNumber,
	/// The block's transactions up to the finding.
	transactions: Vec<String>,
}

/// The run's figures.
#[derive(Default)]
struct Stats {
	episodes: u64,
	blocks: u64,
	extrinsics: u64,
	ok: u64,
	failed: u64,
	refused: u64,
	panics: u64,
	check_failures: u64,
	errors: BTreeMap<String, u64>,
	/// The calls each error came from (the first few).
	error_calls: BTreeMap<String, BTreeSet<String>>,
	calls: BTreeMap<String, CallStats>,
	findings: Vec<Finding>,
	slowest: (Duration, String),
	/// Where the time went: making transactions, applying them and building blocks, checking.
	time_generating: Duration,
	time_applying: Duration,
	time_checking: Duration,
}

/// `Pallet::Error` for a pallet error, the variant otherwise.
fn error_name(error: &DispatchError) -> String {
	match error {
		DispatchError::Module(_) => RuntimeError::from_dispatch_error(*error)
			.map(|e| format!("{e:?}").replacen('(', "::", 1).trim_end_matches(')').to_string())
			.unwrap_or_else(|| format!("{error:?}")),
		other => format!("{other:?}"),
	}
}

/// Why a transaction was refused; the registration pallet's `Custom` codes by error name.
fn refusal_name(refusal: &TransactionValidityError) -> String {
	match refusal {
		TransactionValidityError::Invalid(InvalidTransaction::Custom(code)) => {
			let index = safetynet_runtime::Registration::index() as u8;
			let error = DispatchError::Module(ModuleError {
				index,
				error: [*code, 0, 0, 0],
				message: None,
			});
			format!("refused: {}", error_name(&error))
		},
		TransactionValidityError::Invalid(invalid) => format!("refused: {invalid:?}"),
		TransactionValidityError::Unknown(unknown) => format!("refused: {unknown:?}"),
	}
}

fn outcome_text(applied: &Applied) -> String {
	let inner = |inner: &[(InnerKind, InnerResult)]| -> String {
		inner
			.iter()
			.map(|(_, r)| match r {
				Ok(()) => " / inner ok".to_string(),
				Err(e) => format!(" / inner {}", error_name(e)),
			})
			.collect()
	};
	match applied {
		Applied::Ok { inner: i } => format!("ok{}", inner(i)),
		Applied::Failed { error, inner: i } => format!("failed: {}{}", error_name(error), inner(i)),
		Applied::Refused(refusal) => refusal_name(refusal),
		Applied::Panicked(text) => format!("PANICKED: {text}"),
	}
}

/// The call that the result of a wrapper event of `kind` belongs to, on the path from the
/// transaction's call through the calls it wraps.
fn attribute(path: &[String], kind: InnerKind) -> Option<&String> {
	let is_wrapper = |name: &String| match kind {
		InnerKind::Collective =>
			name.starts_with("Council.") ||
				name.starts_with("ReviewTeam.") ||
				name.starts_with("DemocraticReview."),
		InnerKind::Root => name == "Consortium.dispatch_as_root",
	};
	let at = path.iter().position(is_wrapper)?;
	path.get(at + 1)
}

impl Stats {
	fn error(&mut self, error: String, call: &str) {
		let calls = self.error_calls.entry(error.clone()).or_default();
		if calls.len() < 4 {
			calls.insert(call.to_string());
		}
		*self.errors.entry(error).or_default() += 1;
	}

	fn record(&mut self, action: &Action, applied: &Applied) {
		let name = call_name(action.call());
		self.extrinsics += 1;
		let entry = self.calls.entry(name.clone()).or_default();
		entry.attempts += 1;
		let inner = match applied {
			Applied::Ok { inner } => {
				self.ok += 1;
				entry.ok += 1;
				inner
			},
			Applied::Failed { error, inner } => {
				self.failed += 1;
				entry.failed += 1;
				self.error(error_name(error), &name);
				inner
			},
			Applied::Refused(refusal) => {
				self.refused += 1;
				entry.refused += 1;
				self.error(refusal_name(refusal), &name);
				return;
			},
			Applied::Panicked(_) => {
				self.panics += 1;
				return;
			},
		};
		let path: Vec<String> = std::iter::once(name).chain(action.inner.iter().cloned()).collect();
		for (kind, result) in inner {
			let Some(target) = attribute(&path, *kind) else { continue };
			let entry = self.calls.entry(target.clone()).or_default();
			match result {
				Ok(()) => entry.wrapped_ok += 1,
				Err(error) => {
					let target = target.clone();
					self.error(error_name(error), &target);
				},
			}
		}
	}

	/// Every call of the runtime, with whether it succeeded at least once (directly or as the
	/// call a wrapper dispatched).
	fn coverage(&self) -> Vec<(String, bool)> {
		let mut all = Vec::new();
		for pallet in RuntimeCall::get_module_names() {
			for function in RuntimeCall::get_call_names(pallet) {
				let name = format!("{pallet}.{function}");
				let hit = self.calls.get(&name).is_some_and(|c| c.ok + c.wrapped_ok > 0);
				all.push((name, hit));
			}
		}
		all
	}
}

// ------------------------------------------------------------------------------------------------
// Episodes and blocks
// ------------------------------------------------------------------------------------------------

/// One episode: a fresh chain after the set-up, with its own randomness and keys.
struct Episode {
	index: u64,
	chain: Chain,
	rng: Rng,
	keys: Keys,
	seals: SealKeys,
}

/// A block's transactions so far, for a finding's report.
type BlockLog = Vec<(Action, String)>;

impl Episode {
	fn new(genesis: &Storage, seed: u64, index: u64) -> Self {
		let mut chain = Chain::new(genesis);
		let mut keys = Keys::default();
		let mut seals = SealKeys::default();
		set_up(&mut chain, &mut keys, &mut seals);
		Episode { index, chain, rng: Rng(episode_seed(seed, index)), keys, seals }
	}

	fn finding(&self, what: String, log: &BlockLog) -> Finding {
		let transactions = log
			.iter()
			.enumerate()
			.map(|(i, (action, outcome))| {
				let who = match &action.exec {
					Exec::Signed { who, .. } => self.keys.name(who),
					Exec::Bare(_) => "(bare)".into(),
					Exec::Root(_) => "(council)".into(),
				};
				format!("#{i} {who}: {:?} -> {outcome}", action.call())
			})
			.collect();
		Finding { what, episode: self.index, block: self.chain.number, transactions }
	}

	/// The next transaction, signed (or bare) and ready to apply.
	fn next_transaction(&mut self, world: &World) -> (Action, Tx) {
		let mut cx = Cx {
			rng: &mut self.rng,
			world,
			keys: &mut self.keys,
			seals: &mut self.seals,
			focus: None,
		};
		let action = self.chain.with(|| generate(&mut cx));
		let xt = match &action.exec {
			Exec::Signed { who, call } => {
				let mortal = self.rng.chance(15);
				let fault = fault(&mut self.rng);
				let keys = &self.keys;
				Tx::Extrinsic(self.chain.with(|| sign(keys, who, call.clone(), mortal, fault)))
			},
			Exec::Bare(call) => Tx::Extrinsic(UncheckedExtrinsic::new_bare(call.clone())),
			Exec::Root(call) => Tx::Root(call.clone()),
		};
		(action, xt)
	}

	/// Builds one block of 1 to 40 random transactions, then checks the state. Returns what it
	/// found, and whether the episode cannot go on (a block that could not be built, or state
	/// that no longer holds its invariants).
	fn block(
		&mut self,
		stats: &mut Stats,
		options: &Options,
		started: Instant,
	) -> (Vec<Finding>, bool) {
		let slots = if self.rng.chance(5) { self.rng.range(2, 20) } else { 1 };
		let count = self.rng.range(1, 40);
		WHERE[1].store(u64::from(self.chain.number) + 1, Ordering::Relaxed);
		let mut log = BlockLog::new();
		let mut findings = Vec::new();
		if let Err(payload) = catch_unwind(AssertUnwindSafe(|| self.chain.open_block(slots))) {
			let what = format!("initialize_block panicked: {}", panic_text(payload));
			return (vec![self.finding(what, &log)], true);
		}
		// The inherent always goes in (`open_block` asserts it), so it counts as a success.
		let inherent = stats.calls.entry("Timestamp.set".into()).or_default();
		inherent.attempts += 1;
		inherent.ok += 1;
		let now_ms = self.chain.now_ms;
		let world = self.chain.with(|| World::read(now_ms));
		for i in 0..count {
			WHERE[2].store(i, Ordering::Relaxed);
			let began = Instant::now();
			let (action, xt) = self.next_transaction(&world);
			stats.time_generating += began.elapsed();
			let began = Instant::now();
			let applied = self.chain.apply(xt);
			let took = began.elapsed();
			stats.time_applying += took;
			if took > stats.slowest.0 {
				stats.slowest = (took, call_name(action.call()));
			}
			stats.record(&action, &applied);
			let outcome = outcome_text(&applied);
			if options.trace {
				let who = match &action.exec {
					Exec::Signed { who, .. } => self.keys.name(who),
					Exec::Bare(_) => "(bare)".into(),
					Exec::Root(_) => "(council)".into(),
				};
				println!(
					"[{} {}] #{i} {who}: {:?} -> {outcome}",
					self.index,
					self.chain.number,
					action.call()
				);
			}
			let panicked = matches!(applied, Applied::Panicked(_));
			log.push((action, outcome));
			if panicked {
				let what = format!("transaction #{i} panicked: {}", log[log.len() - 1].1);
				findings.push(self.finding(what, &log));
			}
			progress(started);
			if options.check_each {
				let failures = self.chain.with(check_state);
				if !failures.is_empty() {
					stats.check_failures += failures.len() as u64;
					let what = format!("after transaction #{i}: {}", failures.join("\n  "));
					findings.push(self.finding(what, &log));
					return (findings, true);
				}
			}
		}
		if let Err(payload) = catch_unwind(AssertUnwindSafe(|| self.chain.close_block())) {
			let what = format!("finalize_block panicked: {}", panic_text(payload));
			findings.push(self.finding(what, &log));
			return (findings, true);
		}
		stats.blocks += 1;
		let began = Instant::now();
		let failures = catch_unwind(AssertUnwindSafe(|| self.chain.with(check_state)))
			.unwrap_or_else(|payload| vec![format!("a check panicked: {}", panic_text(payload))]);
		stats.time_checking += began.elapsed();
		let broken = !failures.is_empty();
		if broken {
			stats.check_failures += failures.len() as u64;
			findings.push(self.finding(failures.join("\n  "), &log));
		}
		(findings, broken)
	}
}

// ------------------------------------------------------------------------------------------------
// Options, the report, main
// ------------------------------------------------------------------------------------------------

const USAGE: &str =
	"usage: fuzz_runtime [--seed N] [--seconds N | --blocks N] [--episode-blocks N] \
                     [--episode E] [--keep-going] [--trace] [--check-each] [--hang-seconds N] \
                     [--report PATH] [--note TEXT]";

/// What to run.
struct Options {
	seed: u64,
	/// Stop after this many seconds...
	seconds: Option<u64>,
	/// ...or this many blocks (set-up blocks not counted).
	blocks: Option<u64>,
	/// Blocks per episode before starting again from genesis.
	episode_blocks: u64,
	/// The first episode (to replay one).
	episode: u64,
	/// Go on to the next episode after a finding instead of stopping.
	keep_going: bool,
	/// Print every transaction and its outcome.
	trace: bool,
	/// Check the state after every transaction, not only after every block (slow; pins a
	/// finding to the transaction that caused it).
	check_each: bool,
	/// A transaction or block taking longer than this is a hang.
	hang_seconds: u64,
	/// Rewrite the marked section of this Markdown file with the figures.
	report: Option<String>,
	/// A line for the report (the commit, the machine).
	note: Option<String>,
}

fn parse_args() -> Result<Options, String> {
	let seed = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_or(0, |d| d.as_nanos() as u64);
	let mut options = Options {
		seed,
		seconds: None,
		blocks: None,
		episode_blocks: 1_000,
		episode: 0,
		keep_going: false,
		trace: false,
		check_each: false,
		hang_seconds: 120,
		report: None,
		note: None,
	};
	let mut args = std::env::args().skip(1);
	while let Some(flag) = args.next() {
		let mut value = || args.next().ok_or(format!("{flag} needs a value"));
		let number = |text: String| text.parse::<u64>().map_err(|e| format!("{text}: {e}"));
		match flag.as_str() {
			"--seed" => options.seed = number(value()?)?,
			"--seconds" => options.seconds = Some(number(value()?)?),
			"--blocks" => options.blocks = Some(number(value()?)?),
			"--episode-blocks" => options.episode_blocks = number(value()?)?.max(1),
			"--episode" => options.episode = number(value()?)?,
			"--hang-seconds" => options.hang_seconds = number(value()?)?,
			"--report" => options.report = Some(value()?),
			"--note" => options.note = Some(value()?),
			"--keep-going" => options.keep_going = true,
			"--trace" => options.trace = true,
			"--check-each" => options.check_each = true,
			other => return Err(format!("unknown option {other}")),
		}
	}
	if options.seconds.is_none() && options.blocks.is_none() {
		options.seconds = Some(60);
	}
	Ok(options)
}

impl Options {
	fn done(&self, stats: &Stats, started: Instant) -> bool {
		self.seconds.is_some_and(|s| started.elapsed().as_secs() >= s) ||
			self.blocks.is_some_and(|b| stats.blocks >= b)
	}
}

fn print_finding(seed: u64, finding: &Finding) {
	eprintln!(
		"\nFOUND at seed {seed}, episode {}, block {}: {}\nreplay: fuzz_runtime --seed {seed} \
		 --episode {} --blocks <n> --trace\nthe block's transactions:",
		finding.episode, finding.block, finding.what, finding.episode
	);
	for line in &finding.transactions {
		eprintln!("  {line}");
	}
}

/// The calls of our pallets (not the FRAME pallets around them), which the coverage figure
/// counts.
fn is_ours(call: &str) -> bool {
	const FRAME: [&str; 7] = [
		"System.",
		"Timestamp.",
		"Grandpa.",
		"Balances.",
		"Council.",
		"ReviewTeam.",
		"NodeAuthorization.",
	];
	!FRAME.iter().any(|prefix| call.starts_with(prefix))
}

/// The figures, as Markdown.
fn report_markdown(stats: &Stats, options: &Options, elapsed: Duration) -> String {
	let mut out = String::new();
	let coverage = stats.coverage();
	let ours: Vec<&(String, bool)> = coverage.iter().filter(|(c, _)| is_ours(c)).collect();
	let ours_hit = ours.iter().filter(|(_, hit)| *hit).count();
	let all_hit = coverage.iter().filter(|(_, hit)| *hit).count();
	let refusals = stats.errors.keys().filter(|e| e.starts_with("refused")).count();
	let logs = RUNTIME_LOGS.lock().unwrap_or_else(|e| e.into_inner()).clone();
	let secs = elapsed.as_secs_f64().max(0.001);
	out.push_str(&format!(
		"| Figure | Value |\n|---|---|\n\
		 | Seed | `{seed}` (replay episode E: `fuzz_runtime --seed {seed} --episode E --trace`) |\n\
		 | Duration | {secs:.0} s, {episodes} episodes of up to {per} blocks |\n\
		 | Blocks | {blocks} ({bps:.1} per second) |\n\
		 | Extrinsics applied | {xts} ({xps:.0} per second) |\n\
		 | Succeeded | {ok} |\n\
		 | Failed in dispatch | {failed} |\n\
		 | Refused at admission | {refused} |\n\
		 | Distinct errors hit | {errors} ({dispatch} dispatch errors, {refusals} refusals) |\n\
		 | Calls of our pallets that succeeded at least once | {ours_hit} of {ours} |\n\
		 | Runtime calls that succeeded at least once | {all_hit} of {all} |\n\
		 | **Panics** | **{panics}** |\n\
		 | **`try_state` and invariant failures** | **{checks}** |\n\
		 | Runtime warnings and errors logged | {logged} |\n\
		 | Slowest extrinsic | {slow_ms:.1} ms (`{slow}`) |\n\
		 | Time making / applying transactions, building blocks / checking | {generating:.0} s / \
		 {applying:.0} s / {checking:.0} s |\n",
		seed = options.seed,
		episodes = stats.episodes,
		per = options.episode_blocks,
		blocks = stats.blocks,
		bps = stats.blocks as f64 / secs,
		xts = stats.extrinsics,
		xps = stats.extrinsics as f64 / secs,
		ok = stats.ok,
		failed = stats.failed,
		refused = stats.refused,
		errors = stats.errors.len(),
		dispatch = stats.errors.len() - refusals,
		ours = ours.len(),
		all = coverage.len(),
		panics = stats.panics,
		checks = stats.check_failures,
		logged = logs.values().sum::<u64>(),
		slow_ms = stats.slowest.0.as_secs_f64() * 1_000.0,
		slow = stats.slowest.1,
		generating = stats.time_generating.as_secs_f64(),
		applying = stats.time_applying.as_secs_f64(),
		checking = stats.time_checking.as_secs_f64(),
	));
	if let Some(note) = &options.note {
		out.push_str(&format!("| Note | {note} |\n"));
	}
	let missed: Vec<&str> =
		coverage.iter().filter(|(_, hit)| !hit).map(|(c, _)| c.as_str()).collect();
	out.push_str(&format!(
		"\nCalls that never succeeded: {}.\n",
		if missed.is_empty() { "none".to_string() } else { format!("`{}`", missed.join("`, `")) }
	));
	out.push_str(
		"\n#### Calls\n\n| Call | Sent | Succeeded | Succeeded as a wrapped call | Failed | \
		 Refused |\n|---|---:|---:|---:|---:|---:|\n",
	);
	for (call, c) in &stats.calls {
		out.push_str(&format!(
			"| `{call}` | {} | {} | {} | {} | {} |\n",
			c.attempts, c.ok, c.wrapped_ok, c.failed, c.refused
		));
	}
	out.push_str("\n#### Distinct errors\n\n| Error | Times | Raised by (first calls seen) |\n|---|---:|---|\n");
	for (error, count) in &stats.errors {
		let calls: Vec<String> = stats
			.error_calls
			.get(error)
			.map(|calls| calls.iter().map(|c| format!("`{c}`")).collect())
			.unwrap_or_default();
		out.push_str(&format!("| `{error}` | {count} | {} |\n", calls.join(", ")));
	}
	if !logs.is_empty() {
		out.push_str(
			"\n#### Runtime warnings and errors logged\n\n| Message | Times |\n|---|---:|\n",
		);
		for (message, count) in &logs {
			out.push_str(&format!("| `{}` | {count} |\n", message.replace('|', "\\|")));
		}
	}
	if !stats.findings.is_empty() {
		out.push_str("\n#### Findings\n\n");
		for f in &stats.findings {
			out.push_str(&format!("- episode {}, block {}: {}\n", f.episode, f.block, f.what));
		}
	}
	out
}

fn print_summary(stats: &Stats, options: &Options, elapsed: Duration) {
	let coverage = stats.coverage();
	let hit = coverage.iter().filter(|(_, hit)| *hit).count();
	let missed: Vec<&str> =
		coverage.iter().filter(|(_, hit)| !hit).map(|(c, _)| c.as_str()).collect();
	let logs = RUNTIME_LOGS.lock().unwrap_or_else(|e| e.into_inner()).clone();
	println!(
		"fuzz_runtime: seed {}, {:.0} s, {} episodes, {} blocks\n  \
		 extrinsics applied: {} (succeeded {}, failed in dispatch {}, refused {})\n  \
		 distinct errors hit: {}\n  calls that succeeded at least once: {hit} of {}\n  \
		 never succeeded: {}\n  panics: {}\n  try_state and invariant failures: {}\n  \
		 runtime warnings and errors logged: {}\n  slowest extrinsic: {:.1} ms ({})\n  \
		 time making / applying / checking: {:.0} s / {:.0} s / {:.0} s",
		options.seed,
		elapsed.as_secs_f64(),
		stats.episodes,
		stats.blocks,
		stats.extrinsics,
		stats.ok,
		stats.failed,
		stats.refused,
		stats.errors.len(),
		coverage.len(),
		missed.join(", "),
		stats.panics,
		stats.check_failures,
		logs.values().sum::<u64>(),
		stats.slowest.0.as_secs_f64() * 1_000.0,
		stats.slowest.1,
		stats.time_generating.as_secs_f64(),
		stats.time_applying.as_secs_f64(),
		stats.time_checking.as_secs_f64(),
	);
	for (message, count) in &logs {
		println!("    {count} × {message}");
	}
	let check_time = CHECK_TIME.lock().unwrap_or_else(|e| e.into_inner()).clone();
	let times: Vec<String> = check_time
		.iter()
		.map(|(name, time)| format!("{name} {:.1} s", time.as_secs_f64()))
		.collect();
	println!("  checks: {}", times.join(", "));
}

fn main() -> ExitCode {
	let options = match parse_args() {
		Ok(options) => options,
		Err(error) => {
			eprintln!("{error}\n{USAGE}");
			return ExitCode::from(2);
		},
	};
	install_panic_hook();
	if log::set_logger(&LOGGER).is_ok() {
		log::set_max_level(log::LevelFilter::Warn);
	}
	let started = Instant::now();
	start_watchdog(options.seed, started, Duration::from_secs(options.hang_seconds));
	eprintln!("fuzz_runtime: seed {} from episode {}", options.seed, options.episode);
	let genesis = genesis_storage();
	let mut stats = Stats::default();
	let mut index = options.episode;
	'run: while !options.done(&stats, started) {
		WHERE[0].store(index, Ordering::Relaxed);
		let episode =
			catch_unwind(AssertUnwindSafe(|| Episode::new(&genesis, options.seed, index)));
		let mut episode = match episode {
			Ok(episode) => episode,
			Err(payload) => {
				let what = format!("the set-up failed: {}", panic_text(payload));
				let finding = Finding { what, episode: index, block: 0, transactions: Vec::new() };
				print_finding(options.seed, &finding);
				stats.findings.push(finding);
				break;
			},
		};
		stats.episodes += 1;
		progress(started);
		for _ in 0..options.episode_blocks {
			if options.done(&stats, started) {
				break 'run;
			}
			let (findings, broken) = episode.block(&mut stats, &options, started);
			for finding in &findings {
				print_finding(options.seed, finding);
			}
			let found = !findings.is_empty();
			stats.findings.extend(findings);
			if found && !options.keep_going {
				break 'run;
			}
			if broken {
				break;
			}
		}
		index += 1;
	}
	let elapsed = started.elapsed();
	print_summary(&stats, &options, elapsed);
	if let Some(path) = &options.report {
		let section = report_markdown(&stats, &options, elapsed);
		if let Err(error) = safetynet_e2e::report::write_section(path, "fuzz", &section) {
			eprintln!("cannot write {path}: {error:#}");
		}
	}
	if stats.findings.is_empty() {
		ExitCode::SUCCESS
	} else {
		eprintln!("fuzz_runtime: {} finding(s) at seed {}", stats.findings.len(), options.seed);
		ExitCode::FAILURE
	}
}
