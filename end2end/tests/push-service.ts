import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";
import { createServer, IncomingHttpHeaders, Server } from "node:http";
import { AddressInfo } from "node:net";

/** What a push service received: the path, the headers and the encrypted body. */
export type Received = { path: string; headers: IncomingHttpHeaders; body: Buffer };

const b64url = (bytes: Buffer) => bytes.toString("base64url");

/**
 * A push service on localhost, as a phone's browser would use: it keeps every
 * message it is sent, and holds the keys of one phone's subscription, so the
 * test can decrypt what the server pushed (RFC 8291, aes128gcm) and check its
 * VAPID signature (RFC 8292).
 */
export class PushService {
  readonly received: Received[] = [];
  private server: Server;
  private ecdh = createECDH("prime256v1");
  private auth = randomBytes(16);
  endpoint = "";

  private constructor() {
    this.ecdh.generateKeys();
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk) => chunks.push(chunk));
      request.on("end", () => {
        this.received.push({ path: request.url || "", headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(201).end();
      });
    });
  }

  static async start(): Promise<PushService> {
    const service = new PushService();
    await new Promise<void>((resolve) => service.server.listen(0, "127.0.0.1", resolve));
    const { port } = service.server.address() as AddressInfo;
    service.endpoint = `http://127.0.0.1:${port}/push/${b64url(randomBytes(9))}`;
    return service;
  }

  stop() {
    this.server.close();
  }

  /** The subscription as `PushSubscription.toJSON()` gives it. */
  subscription() {
    return {
      endpoint: this.endpoint,
      expirationTime: null,
      keys: { p256dh: b64url(this.ecdh.getPublicKey()), auth: b64url(this.auth) },
    };
  }

  /** Decrypts one message the server pushed, as the phone's browser would. */
  decrypt(message: Received): any {
    const body = message.body;
    const salt = body.subarray(0, 16);
    const idLength = body[20];
    const serverKey = body.subarray(21, 21 + idLength);
    const ciphertext = body.subarray(21 + idLength);
    const shared = this.ecdh.computeSecret(serverKey);
    const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), this.ecdh.getPublicKey(), serverKey]);
    const ikm = Buffer.from(hkdfSync("sha256", shared, this.auth, keyInfo, 32));
    const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
    const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
    const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
    // The last record ends with the delimiter 0x02, then padding zeros.
    const end = padded.lastIndexOf(2);
    return JSON.parse(padded.subarray(0, end).toString("utf8"));
  }

  /** Checks the VAPID header: an ES256 JWT signed with `publicKey` (base64url). */
  checkVapid(message: Received, publicKey: string) {
    const header = String(message.headers.authorization || "");
    const token = /t=([^,\s]+)/.exec(header)?.[1] || "";
    const key = /k=([^,\s]+)/.exec(header)?.[1] || "";
    if (key !== publicKey) throw new Error(`VAPID key ${key} is not the server's ${publicKey}`);
    const [head, claims, signature] = token.split(".");
    const point = Buffer.from(publicKey, "base64url");
    const jwk = { kty: "EC", crv: "P-256", x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) };
    const ok = verify(
      "sha256",
      Buffer.from(`${head}.${claims}`),
      { key: createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" },
      Buffer.from(signature, "base64url"),
    );
    if (!ok) throw new Error("the VAPID signature does not verify");
    return JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
  }
}

/**
 * Replaces the browser's push subscription with one for `service` (headless
 * Chromium has no push service of its own); run with `page.addInitScript`.
 */
export function fakePushManager(subscription: ReturnType<PushService["subscription"]>) {
  const stored = "xaso-test-subscribed";
  const fake = {
    endpoint: subscription.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true },
    toJSON: () => subscription,
    unsubscribe: async () => {
      localStorage.removeItem(stored);
      return true;
    },
  };
  PushManager.prototype.getSubscription = async function () {
    return (localStorage.getItem(stored) ? fake : null) as any;
  };
  PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
    const key = options?.applicationServerKey as Uint8Array | undefined;
    localStorage.setItem("xaso-test-server-key", key ? String(key.length) : "none");
    localStorage.setItem(stored, "1");
    return fake as any;
  };
}
