module yanxiu.example/platform

go 1.19
