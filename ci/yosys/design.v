module top(input clk, input rst, input [7:0] a, input [7:0] b, input [1:0] op,
           output reg [7:0] y, output reg [15:0] count);
  always @(posedge clk) begin
    if (rst) begin y <= 0; count <= 0; end
    else begin
      count <= count + 1;
      case (op)
        2'd0: y <= a + b;
        2'd1: y <= a - b;
        2'd2: y <= a & b;
        default: y <= a * b;
      endcase
    end
  end
endmodule
