// The chain, as the citizen gateway shows it: one WebSocket on this origin's /rpc, signed in with
// the citizen's key, through which @polkadot/api reads the metadata and the citizen's own records
// and relays their own transactions. Block events are not offered to citizens, so the outcome of
// a transaction is read back from the citizen's own storage.
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import type { Account } from './account';

export interface Chain {
  api: ApiPromise;
  provider: WsProvider;
}

let chain: Promise<Chain> | undefined;

/** The gateway's address: this origin's /rpc. */
export function gatewayUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/rpc`;
}

export function connect(): Promise<Chain> {
  chain ??= (async () => {
    const provider = new WsProvider(gatewayUrl());
    const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: false });
    return { api, provider };
  })();
  return chain;
}

/**
 * Signs in to the gateway: its challenge, signed with the citizen's key. Done again whenever
 * the connection is re-established, since a session belongs to one connection.
 */
export async function signIn(account: Account): Promise<void> {
  // An agency's own node has no sign-in: its proxy authenticates staff (docs/deployment.md).
  if (!(await viaGateway())) return;
  const { provider } = await connect();
  const login = async () => {
    const challenge = String(await provider.send('gateway_challenge', []));
    const signature = u8aToHex(await account.signRaw(stringToU8a(challenge)));
    await provider.send('gateway_login', [account.address, signature]);
  };
  await login();
  provider.on('connected', () => {
    login().catch(() => undefined);
  });
}

/** Why a transaction did not get into a block. */
export class NotIncluded extends Error {}

/**
 * Signs `tx` with the citizen's key and waits until it is in a block; returns the block's hash.
 * Whether the call succeeded is read from storage afterwards by the caller.
 */
export async function submit(tx: SubmittableExtrinsic<'promise'>, account: Account): Promise<string> {
  const { api } = await connect();
  const signer = account.pair ?? account.address;
  const options = account.signer ? { signer: account.signer } : {};
  try {
    await tx.signAsync(signer, options);
  } catch (e) {
    throw new NotIncluded(String((e as Error).message ?? e));
  }
  // Watched by hand: `signAndSend` would also fetch the block and its events, which the
  // gateway does not show citizens.
  return new Promise((resolve, reject) => {
    api.rpc.author
      .submitAndWatchExtrinsic(tx, (status) => {
        if (status.isInBlock) resolve(status.asInBlock.toHex());
        else if (status.isInvalid || status.isDropped || status.isUsurped) reject(new NotIncluded(status.type));
      })
      .catch((e: unknown) => reject(new NotIncluded(String((e as Error).message ?? e))));
  });
}

/** The best block's number. */
export async function bestNumber(): Promise<number> {
  const { api } = await connect();
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Milliseconds per block (Aura: twice the timestamp's minimum period). */
export async function blockMillis(): Promise<number> {
  const { api } = await connect();
  return Number(api.consts.timestamp.minimumPeriod.toString()) * 2;
}

let gateway: Promise<boolean> | undefined;

/**
 * Whether this origin's /rpc is the citizen gateway (it offers `gateway_login`) or an agency's
 * own node, which only that agency's staff reach, through the agency's authenticating proxy
 * (docs/deployment.md). The same application is the citizen portal on the first and the staff
 * workbench on the second.
 */
export function viaGateway(): Promise<boolean> {
  gateway ??= (async () => {
    const { api } = await connect();
    const methods = await api.rpc.rpc.methods();
    return methods.methods.some((m) => m.toString() === 'gateway_login');
  })();
  return gateway;
}

/** A transaction that got into a block and failed there, with the runtime's error name. */
export class Failed extends Error {
  constructor(
    /** `pallet.Error`, e.g. `cases.OutsideJurisdiction`. */
    readonly error: string,
    readonly docs: string,
  ) {
    super(error);
  }
}

/**
 * Signs `tx`, waits until it is in a block and reads its outcome from the block's events: the
 * runtime's named error, if it failed. Staff see block events on their agency's node; citizens
 * behind the gateway do not (see `submit`).
 */
export async function submitChecked(tx: SubmittableExtrinsic<'promise'>, account: Account): Promise<string> {
  const signer = account.pair ?? account.address;
  const options = account.signer ? { signer: account.signer } : {};
  return outcome((watch) => tx.signAndSend(signer, options, watch));
}

/**
 * Submits `tx` without a signature (a call the runtime validates by its content, such as handing
 * in the runtime the council authorised) and reads its outcome as `submitChecked` does.
 */
export async function submitUnsigned(tx: SubmittableExtrinsic<'promise'>): Promise<string> {
  return outcome((watch) => tx.send(watch));
}

/**
 * Sends a transaction with `send`, watching it until it is in a block: resolves with the block's
 * hash, or rejects with the runtime's named error (`Failed`) or the pool's verdict
 * (`NotIncluded`).
 */
async function outcome(send: (watch: (result: ISubmittableResult) => void) => Promise<() => void>): Promise<string> {
  const { api } = await connect();
  return new Promise((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let over = false;
    const finish = () => {
      over = true;
      unsubscribe?.();
    };
    send((result) => {
      const { status, dispatchError } = result;
      if (over) return;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        finish();
        return reject(new NotIncluded(status.type));
      }
      if (!status.isInBlock) return;
      finish();
      if (!dispatchError) return resolve(status.asInBlock.toHex());
      if (dispatchError.isModule) {
        const meta = api.registry.findMetaError(dispatchError.asModule);
        return reject(new Failed(`${meta.section}.${meta.name}`, meta.docs.join(' ')));
      }
      reject(new Failed(dispatchError.type, dispatchError.toString()));
    })
      .then((stop) => {
        unsubscribe = stop;
        if (over) stop();
      })
      .catch((e: unknown) => reject(new NotIncluded(String((e as Error).message ?? e))));
  });
}
