# LEAG node and EV client image (docs/testnet.md): Node 20, the npm workspaces from the lock file,
# everything run from TypeScript source through tsx. Default command: the leagd daemon.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/contract-vm/package.json packages/contract-vm/
COPY packages/consensus/package.json packages/consensus/
COPY packages/node/package.json packages/node/
COPY packages/ev-client/package.json packages/ev-client/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json tsconfig.json ./
COPY packages packages
EXPOSE 26650 26651
ENTRYPOINT ["node", "packages/node/bin/leagd.js"]
CMD ["--help"]
