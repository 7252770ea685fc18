// Plain-JS reference for bench/lua/methods.lua (see bench/README.md): classes for the metatables, `extends` for the __index chain.
const t0 = performance.now();

class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  move(dx, dy) {
    this.x += dx;
    this.y += dy;
  }
  sum() {
    return this.x + this.y;
  }
}

class Point3 extends Point {
  constructor(x, y, z) {
    super(x, y);
    this.z = z;
  }
  sum3() {
    return this.sum() + this.z;
  }
}

const p = new Point(0, 0);
const q = new Point3(1, 2, 3);
let s = 0;
for (let i = 1; i <= 2000000; i++) {
  p.move(1, -1);
  q.move(i % 3, 1);
  s = (s + p.sum() + q.sum3()) % 1000003;
}
console.log([s, p.x, p.y, q.x, q.y].join("\t"));
process.stderr.write(`ms=${(performance.now() - t0).toFixed(3)}\n`);
